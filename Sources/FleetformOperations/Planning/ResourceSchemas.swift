import FleetformAWS
import FleetformModel

/// The schemas the planner uses: the AWS provider's, known without any network access.
enum ResourceSchemas {
    static let table: any SchemaSource = AWSResourceSchemas.all
}
