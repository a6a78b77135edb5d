import FleetformAWS
import FleetformModel

/// The schemas the planner uses: the AWS provider's, known without any network access.
public enum ResourceSchemas {
    /// Every type the AWS provider manages.
    public static let table: any SchemaSource = AWSResourceSchemas.all
}
