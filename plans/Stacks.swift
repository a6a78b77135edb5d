// Stacks.
