/// The kinds of stored files, for messages and version keys.
enum DocumentKind: Sendable {
    case state, manifest, plan, journal

    var title: String {
        switch self {
        case .state: return "state file"
        case .manifest: return "manifest file"
        case .plan: return "saved plan"
        case .journal: return "apply journal"
        }
    }

    var versionKey: String { self == .state ? "version" : "format_version" }

    func recoveryHint(file: String) -> String {
        switch self {
        case .state:
            return "it was left unchanged; restore the previous version from '\(file).backup' "
                + "(or version control) after checking it, or fix the file by hand"
        case .manifest: return "regenerate it with 'fleetform synth'"
        case .plan: return "make a new plan with 'fleetform plan --out FILE'"
        case .journal: return "move it aside and run 'fleetform refresh' to rebuild state from the cloud"
        }
    }
}
