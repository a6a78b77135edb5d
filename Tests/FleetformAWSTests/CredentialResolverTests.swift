import AWSSigV4
import FleetformAWS
import Foundation
import Testing

/// Credential resolution as the AWS CLI does it, with real temp files.
@Suite struct CredentialResolverTests {
    /// A temp home with `.aws/credentials` and `.aws/config`.
    final class TempHome {
        let path: String
        init(credentials: String?, config: String?) throws {
            path = NSTemporaryDirectory() + "fleetform-home-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
            if let credentials {
                try credentials.write(toFile: path + "/.aws/credentials", atomically: true, encoding: .utf8)
            }
            if let config { try config.write(toFile: path + "/.aws/config", atomically: true, encoding: .utf8) }
        }
        func environment(_ variables: [String: String] = [:]) -> AWSEnvironment {
            AWSEnvironment(
                variables: variables, homeDirectory: path,
                readFile: { FileManager.default.contents(atPath: $0).map { String(decoding: $0, as: UTF8.self) } })
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let credentialsFile = """
        # keys
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secretdefault

        [dev]
        aws_access_key_id=AKIDDEV
        aws_secret_access_key=secretdev ; trailing comment
        aws_session_token = tokendev
        """
    static let configFile = """
        [default]
        region = eu-west-1

        [profile dev]
        region = us-west-2
        s3 =
            addressing_style = path

        [profile deploy]
        role_arn = arn:aws:iam::123456789012:role/deployer
        source_profile = dev
        role_session_name = ci
        external_id = ext-1

        [profile loop]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = loop2

        [profile loop2]
        role_arn = arn:aws:iam::123456789012:role/y
        source_profile = loop

        [profile config-only]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = secretconfig

        [sso-session corp]
        sso_region = us-east-1
        """

    @Test func environmentKeysWinOverTheDefaultProfile() throws {
        let home = try TempHome(credentials: Self.credentialsFile, config: Self.configFile)
        let env = home.environment([
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secretenv", "AWS_SESSION_TOKEN": "t",
        ])
        guard case .environment(let keys) = try CredentialResolver(environment: env).resolve() else {
            Issue.record("expected environment credentials")
            return
        }
        #expect(keys == SigningCredentials(accessKeyId: "AKIDENV", secretAccessKey: "secretenv", sessionToken: "t"))
        // An explicit profile skips the environment keys, as `aws --profile` does.
        guard case .profile("dev", let dev) = try CredentialResolver(environment: env).resolve(profile: "dev") else {
            Issue.record("expected profile credentials")
            return
        }
        #expect(dev.accessKeyId == "AKIDDEV")
    }

    @Test func profilesComeFromTheCredentialsFileThenTheConfigFile() throws {
        let home = try TempHome(credentials: Self.credentialsFile, config: Self.configFile)
        let resolver = CredentialResolver(environment: home.environment(["AWS_PROFILE": "dev"]))
        guard case .profile("dev", let keys) = try resolver.resolve() else {
            Issue.record("expected profile dev")
            return
        }
        #expect(
            keys == SigningCredentials(accessKeyId: "AKIDDEV", secretAccessKey: "secretdev", sessionToken: "tokendev"))
        guard case .profile(_, let configKeys) = try resolver.resolve(profile: "config-only") else {
            Issue.record("expected config-only keys")
            return
        }
        #expect(configKeys.accessKeyId == "AKIDCONFIG")
        guard case .profile("default", let defaults) = try CredentialResolver(environment: home.environment()).resolve()
        else {
            Issue.record("expected default profile")
            return
        }
        #expect(defaults.accessKeyId == "AKIDDEFAULT")
    }

    @Test func roleProfilesBecomeAssumeRoleWithTheirSource() throws {
        let home = try TempHome(credentials: Self.credentialsFile, config: Self.configFile)
        let source = try CredentialResolver(environment: home.environment(["AWS_PROFILE": "deploy"])).resolve()
        guard case .assumeRole(let role, .profile("dev", let keys)) = source else {
            Issue.record("expected an assume-role source, got \(source)")
            return
        }
        #expect(role.roleArn == "arn:aws:iam::123456789012:role/deployer")
        #expect(role.sessionName == "ci")
        #expect(role.externalId == "ext-1")
        #expect(keys.accessKeyId == "AKIDDEV")
        #expect(!"\(source)".contains("secretdev"))
    }

    @Test func cyclesAndMissingProfilesSayWhatToDo() throws {
        let home = try TempHome(credentials: Self.credentialsFile, config: Self.configFile)
        #expect {
            try CredentialResolver(environment: home.environment()).resolve(profile: "loop")
        } throws: { "\($0)".contains("source_profile chain loop -> loop2 -> loop") }
        #expect {
            try CredentialResolver(environment: home.environment()).resolve(profile: "nope")
        } throws: { "\($0)".contains("profile 'nope'") && "\($0)".contains("AWS_PROFILE") }
    }

    @Test func fileLocationsFollowTheirVariables() throws {
        let home = try TempHome(credentials: nil, config: nil)
        let other = try TempHome(
            credentials: "[x]\naws_access_key_id=AKIDX\naws_secret_access_key=s\n",
            config: "[profile x]\nregion=ap-south-1\n")
        let env = home.environment([
            "AWS_SHARED_CREDENTIALS_FILE": other.path + "/.aws/credentials",
            "AWS_CONFIG_FILE": other.path + "/.aws/config",
            "AWS_PROFILE": "x",
        ])
        guard case .profile("x", let keys) = try CredentialResolver(environment: env).resolve() else {
            Issue.record("expected profile x")
            return
        }
        #expect(keys.accessKeyId == "AKIDX")
        #expect(RegionResolver(environment: env).resolve() == "ap-south-1")
    }

    @Test func regionPrecedence() throws {
        let home = try TempHome(credentials: Self.credentialsFile, config: Self.configFile)
        #expect(
            RegionResolver(environment: home.environment(["AWS_REGION": "ca-central-1", "AWS_DEFAULT_REGION": "x"]))
                .resolve()
                == "ca-central-1")
        #expect(
            RegionResolver(environment: home.environment(["AWS_DEFAULT_REGION": "sa-east-1"])).resolve() == "sa-east-1")
        #expect(RegionResolver(environment: home.environment(["AWS_PROFILE": "dev"])).resolve() == "us-west-2")
        #expect(RegionResolver(environment: home.environment()).resolve() == "eu-west-1")
        let empty = try TempHome(credentials: nil, config: nil)
        #expect(RegionResolver(environment: empty.environment()).resolve(stackRegion: "us-east-2") == "us-east-2")
    }

    @Test func sharedConfigParserIgnoresNestedKeysAndNonProfileSections() {
        let file = SharedConfigFile(parsing: Self.configFile, kind: .config)
        #expect(file["dev"]?["region"] == "us-west-2")
        #expect(file["dev"]?["addressing_style"] == nil)
        #expect(file["corp"] == nil)
        #expect(file["sso-session corp"] == nil)
    }
}
