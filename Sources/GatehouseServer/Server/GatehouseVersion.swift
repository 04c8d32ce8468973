/// The version of Gatehouse (reported as `serverInfo.version` and by `gatehouse --version`).
public enum GatehouseVersion {
    /// The current version.
    public static let current = "0.2.0"
}
