extension CredentialSource {
    /// The provider that yields this source's credentials; role sources call STS in `region`
    /// through `transport`.
    public func makeProvider(
        endpoints: EndpointResolver, transport: any HTTPTransport, region: String,
        metrics: APICallCounter = APICallCounter()
    ) -> any CredentialProvider {
        switch self {
        case .environment(let keys), .profile(_, let keys):
            return StaticCredentialProvider(keys)
        case .assumeRole(let role, let source):
            return AssumeRoleCredentialProvider(
                role: role,
                source: source.makeProvider(
                    endpoints: endpoints, transport: transport, region: region, metrics: metrics),
                endpoints: endpoints, transport: transport, region: region, metrics: metrics)
        }
    }
}
