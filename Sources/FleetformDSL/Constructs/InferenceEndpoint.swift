/// Serving for a pool: an Application Load Balancer (internal unless `.internetFacing()`), a target
/// group with a health check, a listener forwarding to it, and the pool's Auto Scaling group
/// attached so every node registers as it launches.
///
/// ```swift
/// let servers = GPUNodePool("servers", network: net).instanceTypes("g6.2xlarge")
/// InferenceEndpoint("ranking", pool: servers, port: 8080).healthCheck(path: "/healthz")
///     .tls(certificate: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e…")
/// ```
/// With `.tls(certificate:)` clients connect over HTTPS (TLS 1.2 or 1.3, on 443) and plain HTTP on
/// port 80 is answered with a redirect to it; the load balancer ends TLS and forwards to the
/// nodes over HTTP inside the VPC. A production endpoint without TLS is a warning unless
/// `.plaintext()` says so on purpose.
///
/// The load balancer has a security group of its own (the listener's ports, from the VPC or, when
/// internet-facing, from anywhere) and the network's node group, which lets it reach the nodes.
public struct InferenceEndpoint: ConfigurableConstruct {
    /// The construct's name: the `NAME` of its resources' addresses.
    public let name: String
    /// The pool whose nodes serve (registered with the target group through its Auto Scaling group).
    public let pool: GPUNodePool
    /// The port the nodes serve on.
    public let port: Int
    /// The port clients connect to (`.listenerPort(…)`).
    public var listenerPort = 80
    /// The path the load balancer checks on every node (`.healthCheck(path:)`).
    public var healthCheckPath = "/health"
    /// Whether the load balancer is in the public subnets (`.internetFacing()`); internal by default.
    public var isInternetFacing = false
    /// Usage hint for cost: load balancer capacity units per hour.
    public var capacityUnitsPerHour: Double?
    /// Whether AWS refuses to delete the load balancer (`.deletionProtection(…)`); nil: on.
    /// Outside production `destroy` turns it off as its first step; in production it must be
    /// declared off and applied before anything can delete the load balancer.
    public var deletionProtection: Bool?
    /// The certificate HTTPS clients are shown (`.tls(certificate:)`); nil: plain HTTP.
    public var certificateARN: String?
    /// The listener's TLS security policy (`.tls(certificate:policy:)`).
    public var tlsPolicy = InferenceEndpoint.defaultTLSPolicy
    /// Whether plain HTTP is served on purpose (`.plaintext()`): no production warning.
    public var isPlaintextOnPurpose = false
    /// Tags, dependencies and lifecycle flags from the common modifiers.
    public var options = ConstructOptions()
    let site: DeclarationSite

    /// An internal load balancer named `name` that forwards HTTP on port 80 to `port` on `pool`'s
    /// nodes. `file` and `line` record where it was declared (for diagnostics); leave them out.
    public init(_ name: String, pool: GPUNodePool, port: Int, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.pool = pool
        self.port = port
        self.site = DeclarationSite(file: file, line: line)
    }

    /// The path the target group checks (HTTP 200 means healthy).
    public func healthCheck(path: String) -> InferenceEndpoint {
        var copy = self
        copy.healthCheckPath = path
        return copy
    }

    /// The port clients connect to (HTTP).
    public func listenerPort(_ port: Int) -> InferenceEndpoint {
        var copy = self
        copy.listenerPort = port
        return copy
    }

    /// Places the load balancer in the public subnets, reachable from the internet:
    /// `InferenceEndpoint("api", pool: servers, port: 8080).internetFacing()`.
    public func internetFacing(_ on: Bool = true) -> InferenceEndpoint {
        var copy = self
        copy.isInternetFacing = on
        return copy
    }

    /// Turns the load balancer's deletion protection on or off (nil: on). While it is on, AWS
    /// refuses to delete the load balancer. In production `fleetform plan` then refuses a plan
    /// that would delete or replace it: to retire the endpoint, apply `.deletionProtection(false)`
    /// first, `InferenceEndpoint("ranking", pool: servers, port: 8080).deletionProtection(false)`.
    /// Outside production `destroy` and `env reap` turn it off as the delete's first step.
    public func deletionProtection(_ on: Bool?) -> InferenceEndpoint {
        var copy = self
        copy.deletionProtection = on
        return copy
    }

    /// Serves HTTPS with `certificate` (an ACM certificate ARN in the endpoint's region, or an IAM
    /// server certificate ARN) under the TLS security `policy` (TLS 1.3 and 1.2 by default); the
    /// listener moves from 80 to 443 (call `.listenerPort(_:)` after this for another port) and a
    /// second listener on 80 redirects plain HTTP to it (301).
    public func tls(certificate: String, policy: String = InferenceEndpoint.defaultTLSPolicy) -> InferenceEndpoint {
        var copy = self
        copy.certificateARN = certificate
        copy.tlsPolicy = policy
        if copy.listenerPort == 80 { copy.listenerPort = 443 }
        return copy
    }

    /// Serves plain HTTP on purpose (no production warning): for traffic that stays inside a
    /// network you trust, or TLS ended in front of the load balancer.
    public func plaintext() -> InferenceEndpoint {
        var copy = self
        copy.isPlaintextOnPurpose = true
        return copy
    }

    /// The default TLS security policy: TLS 1.3 and 1.2 with forward-secret ciphers.
    public static let defaultTLSPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

    /// Usage hint for cost: load balancer capacity units (LCU) used per hour on average.
    public func usage(capacityUnitsPerHour: Double) -> InferenceEndpoint {
        var copy = self
        copy.capacityUnitsPerHour = capacityUnitsPerHour
        return copy
    }

    /// The address of the `aws_lb`.
    public var loadBalancerAddress: ResourceAddress { site.address("aws_lb", name) }
    /// The address of the `aws_lb_target_group`.
    public var targetGroupAddress: ResourceAddress { site.address("aws_lb_target_group", name) }
    /// The address of the `aws_lb_listener` that forwards to the target group.
    public var listenerAddress: ResourceAddress { site.address("aws_lb_listener", name) }
    /// The address of the `aws_lb_listener` on port 80 that redirects to HTTPS (`NAME_http`; with TLS only).
    public var redirectListenerAddress: ResourceAddress { site.address("aws_lb_listener", name + "_http") }
    /// The address of the load balancer's `aws_security_group` (`NAME_lb`).
    public var securityGroupAddress: ResourceAddress { site.address("aws_security_group", name + "_lb") }
    /// The address of the `aws_autoscaling_attachment` that registers the pool's nodes.
    public var attachmentAddress: ResourceAddress { site.address("aws_autoscaling_attachment", name) }

    public func expand(in context: SynthesisContext) {
        guard context.firstExpansion(of: "endpoint:\(site.modulePath):\(name)@\(site.location)") else { return }
        pool.include(in: context)
        let network = pool.network
        let region = network.resolvedRegion(in: context)
        let location = site.location
        if pool.cluster != nil {
            context.error(
                "endpoint '\(name)': pool '\(pool.name)' runs in an EKS cluster, whose pods a load balancer reaches through the cluster",
                hint: "serve it with a Kubernetes Service of type LoadBalancer, or use a pool without .cluster",
                at: location)
            return
        }
        for (what, value) in [("port", port), ("listener port", listenerPort)] where !(1...65_535).contains(value) {
            context.error(
                "endpoint '\(name)': \(what) \(value) is outside 1…65535", hint: "choose a TCP port", at: location)
        }
        validateTLS(region: region.code, context: context)
        if !healthCheckPath.hasPrefix("/") {
            context.error(
                "endpoint '\(name)': health check path '\(healthCheckPath)' does not start with '/'",
                hint: "write it as an absolute path, e.g. /healthz", at: location)
        }
        let ref = { (address: ResourceAddress, attribute: String) in
            AttributeValue.reference(ResourceReference(address, attribute))
        }
        let source = isInternetFacing ? "0.0.0.0/0" : network.cidr
        let clients = isInternetFacing ? "clients on the internet" : "clients in the VPC"
        var ingress: [AttributeValue] = [
            [
                "from_port": .number(Double(listenerPort)), "to_port": .number(Double(listenerPort)),
                "protocol": "tcp", "self": false, "cidr_blocks": [.string(source)],
                "description": .string(certificateARN == nil ? clients : clients + " (HTTPS)"),
            ]
        ]
        if certificateARN != nil {
            ingress.append([
                "from_port": .number(Double(Self.redirectPort)), "to_port": .number(Double(Self.redirectPort)),
                "protocol": "tcp", "self": false, "cidr_blocks": [.string(source)],
                "description": .string(clients + " (HTTP, redirected to HTTPS)"),
            ])
        }
        context.emit(
            context.resource(
                securityGroupAddress, region: region,
                attributes: [
                    "name": .string(context.physicalName(for: securityGroupAddress, maxLength: 255)),
                    "description": .string("Fleetform load balancer of endpoint \(name)"),
                    "vpc_id": network.vpcID,
                    "ingress": .list(ingress),
                    "egress": [
                        [
                            "from_port": .number(Double(port)), "to_port": .number(Double(port)), "protocol": "tcp",
                            "self": false, "cidr_blocks": [.string(network.cidr)],
                            "description": "to the serving port of the pool",
                        ]
                    ],
                ], options: options, at: location))
        let subnets = isInternetFacing ? network.publicSubnetIDs(in: context) : network.subnetIDs(in: context)
        if isInternetFacing && subnets.isEmpty {
            context.error(
                "endpoint '\(name)' is internet-facing, but network '\(network.name)' has no public subnets",
                hint: "give the network NAT gateways (.nat(.single)) or drop .internetFacing()", at: location)
        }
        var usage: [String: Double] = [:]
        if let capacityUnitsPerHour { usage["lcu_per_hour"] = capacityUnitsPerHour }
        // ELB checks that it may write the access logs when they are turned on: the policy first.
        var loadBalancerOptions = options
        loadBalancerOptions.dependsOn.append(LogBucket.policyAddress(in: region, context: context))
        context.emit(
            context.resource(
                loadBalancerAddress, region: region,
                attributes: [
                    "name": .string(
                        Self.loadBalancerName(context.physicalName(for: loadBalancerAddress, maxLength: 32))),
                    "internal": .bool(!isInternetFacing), "load_balancer_type": "application",
                    // Requests with malformed headers are dropped, not passed to the model server.
                    "drop_invalid_header_fields": true,
                    // Serving traffic goes through it: nobody deletes it by accident (outside production,
                    // Fleetform's own destroy lifts the protection first).
                    "enable_deletion_protection": .bool(deletionProtection ?? true),
                    // Access logs into the stack's log bucket of the region (its policy lets ELB write).
                    "access_logs": [
                        [
                            "bucket": LogBucket.include(in: region, context: context),
                            "prefix": .string(LogBucket.loadBalancerPrefix), "enabled": true,
                        ]
                    ],
                    "subnets": .list(subnets),
                    "security_groups": .list([ref(securityGroupAddress, "id"), network.securityGroupID]),
                ], options: loadBalancerOptions, at: location, usage: usage))
        context.emit(
            context.resource(
                targetGroupAddress, region: region,
                attributes: [
                    "name": .string(
                        Self.loadBalancerName(context.physicalName(for: targetGroupAddress, maxLength: 32))),
                    "port": .number(Double(port)), "protocol": "HTTP", "vpc_id": network.vpcID,
                    "target_type": "instance",
                    "health_check": [
                        [
                            "enabled": true, "path": .string(healthCheckPath), "port": "traffic-port",
                            "protocol": "HTTP", "interval": 15, "timeout": 5, "healthy_threshold": 2,
                            "unhealthy_threshold": 3, "matcher": "200",
                        ]
                    ],
                ], options: options, at: location))
        var listener: [String: AttributeValue] = [
            "load_balancer_arn": ref(loadBalancerAddress, "arn"), "port": .number(Double(listenerPort)),
            "protocol": "HTTP",
            "default_action": [["type": "forward", "target_group_arn": ref(targetGroupAddress, "arn")]],
        ]
        if let certificateARN {
            listener["protocol"] = "HTTPS"
            listener["ssl_policy"] = .string(tlsPolicy)
            listener["certificate_arn"] = .string(certificateARN)
            // Plain HTTP is not served: port 80 answers with a permanent redirect to HTTPS.
            context.emit(
                context.resource(
                    redirectListenerAddress, region: region,
                    attributes: [
                        "load_balancer_arn": ref(loadBalancerAddress, "arn"),
                        "port": .number(Double(Self.redirectPort)), "protocol": "HTTP",
                        "default_action": [
                            [
                                "type": "redirect",
                                "redirect": [
                                    [
                                        "protocol": "HTTPS", "port": .string(String(listenerPort)),
                                        "status_code": "HTTP_301",
                                    ]
                                ],
                            ]
                        ],
                    ], options: options, at: location))
        }
        context.emit(
            context.resource(listenerAddress, region: region, attributes: listener, options: options, at: location))
        context.emit(
            context.resource(
                attachmentAddress, region: region,
                attributes: [
                    "autoscaling_group_name": ref(pool.groupAddress, "name"),
                    "lb_target_group_arn": ref(targetGroupAddress, "arn"),
                ], options: options, at: location, taggable: false))
        // The group replaces a node the load balancer finds unhealthy (a model server that stopped
        // answering), not only one EC2 finds impaired; a new node has 10 minutes to load its model.
        context.amend(pool.groupAddress) { group in
            group["health_check_type"] = "ELB"
            group["health_check_grace_period"] = .number(Double(Self.healthCheckGraceSeconds))
        }
    }

    /// The port plain HTTP is redirected from when the endpoint serves HTTPS.
    static let redirectPort = 80

    /// Checks the TLS settings: an ACM certificate in the endpoint's region (or an IAM server
    /// certificate), an ELB security policy, no listener on the redirect's port; warns about plain
    /// HTTP in production unless it is on purpose.
    func validateTLS(region: String, context: SynthesisContext) {
        let location = site.location
        guard let certificateARN else {
            if context.environment.isProduction && !isPlaintextOnPurpose {
                context.warning(
                    "endpoint '\(name)' serves plain HTTP in production: requests and model outputs cross the network unencrypted",
                    hint: "serve HTTPS with .tls(certificate: \"arn:aws:acm:\(region):ACCOUNT:certificate/ID\"), "
                        + "or say .plaintext() if TLS ends in front of the load balancer", at: location)
            }
            return
        }
        let parts = certificateARN.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let isACM = parts.count == 6 && parts[0] == "arn" && parts[2] == "acm" && parts[5].hasPrefix("certificate/")
        let isIAM =
            parts.count == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5].hasPrefix("server-certificate/")
        if !isACM && !isIAM {
            context.error(
                "endpoint '\(name)': '\(certificateARN)' is not a certificate ARN",
                hint: "give the ARN of an ACM certificate (arn:aws:acm:\(region):ACCOUNT:certificate/ID) "
                    + "or of an IAM server certificate", at: location)
        } else if isACM && parts[3] != region {
            context.error(
                "endpoint '\(name)': certificate \(certificateARN) is in \(parts[3]), the load balancer in \(region)",
                hint:
                    "a load balancer can only use an ACM certificate of its own region: request or import one in \(region)",
                at: location)
        }
        if !tlsPolicy.hasPrefix("ELBSecurityPolicy-") {
            context.error(
                "endpoint '\(name)': '\(tlsPolicy)' is not an ELB security policy",
                hint: "use one of AWS's predefined policies, e.g. \(Self.defaultTLSPolicy) (the default)", at: location)
        }
        if listenerPort == Self.redirectPort {
            context.error(
                "endpoint '\(name)': HTTPS on port \(listenerPort) leaves no port for the HTTP redirect",
                hint: "serve HTTPS on 443 (the default with .tls) or another port", at: location)
        }
    }

    /// Seconds a new node has before the load balancer's health checks count (GPU drivers, image
    /// pull and model load).
    public static let healthCheckGraceSeconds = 600

    /// Load balancer and target group names: letters, digits and hyphens, ≤ 32, no hyphen at the ends.
    static func loadBalancerName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber ? $0 : "-" }).trimmingEnds("-")
    }
}

extension String {
    func trimmingEnds(_ character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s = s.dropFirst() }
        while s.last == character { s = s.dropLast() }
        return String(s)
    }
}
