// Reusable modules written in the DSL.
