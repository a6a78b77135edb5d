/// Fleetform's version, said in one place: `fleetform --version` prints it, `fleetform init`
/// depends on it, and CHANGELOG.md says what each version added.
public enum FleetformVersion {
    /// The version of this Fleetform (semantic versioning).
    public static let current = "0.2.0"
    /// Where Fleetform's package is published; `fleetform init` depends on it by this URL.
    public static let repositoryURL = "https://github.com/fleetform/fleetform.git"
}
