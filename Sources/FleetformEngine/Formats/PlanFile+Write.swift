extension PlanFile {
    /// Saves a plan to `path` atomically (temporary file, fsync, rename) with mode 0600: a plan
    /// holds every attribute of the stack and is readable only by its owner.
    public static func write(_ saved: SavedPlan, to path: String) throws {
        try FileSystem.writeAtomically(encode(saved), to: path)
    }
}
