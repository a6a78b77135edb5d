/// Where the stack's alerts go: an SNS topic per region the stack watches (alarms and
/// EventBridge rules publish only to a topic of their own region), with its subscribers, or an
/// existing topic of yours. Declare it once per stack; without it, monitored pools and replicas
/// still get a topic, with nobody subscribed.
///
/// ```swift
/// Alerts(.email("ml-oncall@example.com"), .email("platform@example.com"))
/// Alerts(topicARN: "arn:aws:sns:us-east-1:111122223333:ml-oncall")
/// ```
public struct Alerts: Construct {
    /// Who an alert topic delivers to.
    public enum Subscriber: Hashable, Sendable {
        /// An e-mail address; AWS mails it a confirmation link, and nothing is delivered until it is followed.
        case email(String)
        /// An SQS queue, by ARN (the queue's policy must let the topic send to it).
        case queue(arn: String)
    }

    /// The subscribers of the topics Fleetform makes (empty for an existing topic).
    public let subscribers: [Subscriber]
    /// The existing topic alerts go to instead of one Fleetform makes.
    public let topicARN: String?
    let site: SourceLocation

    /// Alerts go to a topic Fleetform makes, delivered to `subscribers`.
    public init(_ subscribers: Subscriber..., file: String = #filePath, line: Int = #line) {
        self.subscribers = subscribers
        self.topicARN = nil
        self.site = SourceLocation(file: file, line: line)
    }

    /// Alerts go to your existing topic `topicARN` (its policy must let CloudWatch and EventBridge
    /// publish); Fleetform makes no topic.
    public init(topicARN: String, file: String = #filePath, line: Int = #line) {
        self.subscribers = []
        self.topicARN = topicARN
        self.site = SourceLocation(file: file, line: line)
    }

    public func expand(in context: SynthesisContext) {
        if let first = context.alerts {
            context.error(
                "alerts are declared twice (first at \(first.site.file.split(separator: "/").last ?? ""):\(first.site.line))",
                hint: "declare Alerts once per stack, with every subscriber", at: site)
            return
        }
        if let topicARN {
            let parts = topicARN.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count != 6 || parts[0] != "arn" || parts[2] != "sns" || parts[3].isEmpty || parts[5].isEmpty {
                context.error(
                    "'\(topicARN)' is not an SNS topic ARN", hint: "use arn:aws:sns:REGION:ACCOUNT:TOPIC", at: site)
            }
        }
        for case .email(let address) in subscribers {
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || address.contains(" ") {
                context.error("'\(address)' is not an e-mail address", hint: "use name@example.com", at: site)
            }
        }
        for case .queue(let arn) in subscribers where !arn.hasPrefix("arn:") || !arn.contains(":sqs:") {
            context.error("'\(arn)' is not an SQS queue ARN", hint: "use arn:aws:sqs:REGION:ACCOUNT:QUEUE", at: site)
        }
        context.alerts = self
    }

    /// The region of the existing topic, if any.
    var topicRegion: String? {
        guard let topicARN else { return nil }
        let parts = topicARN.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 3 ? String(parts[3]) : nil
    }
}
