import FleetformAWS
import FleetformEngine
import FleetformForecast
import FleetformModel

/// Every decoder that reads input from outside the process: files users and other runs write
/// (state, saved plans, manifests, AWS shared config, demand CSV) and what AWS answers (XML and
/// JSON bodies, successes and errors).
public enum FuzzTargets {
    public static let all: [FuzzTarget] = [
        stateFile, planFile, journal, manifest, awsXML, awsJSON, awsConfig, forecastCSV,
    ]

    /// The target called `name`.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    static let jsonTokens = [
        "{", "}", "[", "]", ":", ",", "\"", "null", "true", "false", "\"$ref\"", "\"$unknown\"", "\"version\"",
        "\"format_version\"", "\"serial\"", "\"lineage\"", "\"resources\"", "\"address\"", "\"attributes\"",
        "\"provider\"", "\"dependencies\"", "\"type\"", "\"id\"", "\"region\"", "aws_vpc.core",
        "module.a.aws_s3_bucket.b[\"x\"]",
        "\\u0000", "\\ud83d\\ude00", "1.5e3", "-0", "[[[[[[[[", "{\"a\":{\"a\":{\"a\":",
    ]

    public static let stateFile = FuzzTarget(
        name: "state-file", summary: "StateFile.decode: .fleetform/state/<stack>/<env>.json and state push",
        tokens: jsonTokens + ["\"stack\"", "\"environment\"", "\"metadata\"", "\"expires_at\"", "\"sensitive\""]
    ) { bytes in
        (try? StateFile.decode(bytes, file: "fuzz.json")).map { !$0.resources.isEmpty || $0.serial >= 0 } ?? false
    }

    public static let planFile = FuzzTarget(
        name: "plan-file", summary: "PlanFile.decode: saved plans given to 'apply FILE'",
        tokens: jsonTokens + [
            "\"plan\"", "\"prior_state\"", "\"changes\"", "\"actions\"", "\"create\"", "\"delete\"",
            "\"before\"", "\"after\"", "\"state_digest\"",
        ]
    ) { bytes in
        (try? PlanFile.decode(bytes, file: "fuzz.plan")) != nil
    }

    public static let journal = FuzzTarget(
        name: "journal",
        summary:
            "FileJournal.entries and JournalReplay: the apply journal an interrupted apply leaves, folded into state",
        tokens: jsonTokens + [
            "\n", "{\"format_version\":2}\n", "{\"format_version\":1}\n", "\"entry\"", "\"intent\"",
            "\"resource\"", "\"deleted\"", "\"deposed\"", "\"request\"", "\"desired\"", "\"action\"",
        ]
    ) { bytes in
        guard let entries = try? FileJournal.entries(in: bytes, path: "fuzz.journal") else { return false }
        let prior = State(lineage: "fuzz", stack: "fuzz", environment: "fuzz")
        let (state, pending) = JournalReplay.apply(entries, to: prior)
        return state.resources.count + pending.count >= 0
    }

    public static let manifest = FuzzTarget(
        name: "manifest", summary: "ManifestFile.decode: 'plan --manifest FILE'",
        tokens: jsonTokens + ["\"manifest_version\"", "\"lifecycle\"", "\"prevent_destroy\"", "\"source\"", "\"line\""]
    ) { bytes in
        (try? ManifestFile.decode(bytes, file: "fuzz.json")) != nil
    }

    static let xmlTokens = [
        "<", ">", "</", "/>", "<?xml version=\"1.0\"?>", "<![CDATA[", "]]>", "&amp;", "&lt;", "&#x0;", "&#1114112;",
        "<!DOCTYPE a [<!ENTITY e \"x\">]>", "&e;", "<item>", "</item>", "<Error>", "<Code>", "</Code>",
        "<Message>", "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"", "<a:b>", "</a:b>",
    ]

    public static let awsXML = FuzzTarget(
        name: "aws-xml",
        summary: "AWS XML bodies (EC2, IAM, Auto Scaling, S3): a 200 read as a result, a 400 as an error",
        tokens: xmlTokens
    ) { bytes in
        await CannedAnswers.xml(bytes)
    }

    public static let awsJSON = FuzzTarget(
        name: "aws-json",
        summary: "AWS JSON bodies (EKS REST-JSON, Pricing JSON 1.1): a 200 read as a result, a 400 as an error",
        tokens: jsonTokens + ["\"__type\"", "\"message\"", "\"code\"", "\"cluster\"", "\"nodegroup\"", "#", ":http://"]
    ) { bytes in
        await CannedAnswers.json(bytes)
    }

    public static let awsConfig = FuzzTarget(
        name: "aws-config", summary: "~/.aws/credentials and ~/.aws/config, resolved the way the AWS CLI does",
        tokens: [
            "[", "]", "[profile ", "=", "\n", "#", ";", "aws_access_key_id", "aws_secret_access_key",
            "aws_session_token", "role_arn", "source_profile", "region", "default", "credential_process", "  ",
        ]
    ) { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        let credentials = SharedConfigFile(parsing: text, kind: .credentials)
        let config = SharedConfigFile(parsing: text, kind: .config)
        let environment = AWSEnvironment(
            variables: ["AWS_PROFILE": credentials.profiles.keys.sorted().first ?? "default"], homeDirectory: "/fuzz",
            readFile: { _ in text })
        let resolved = (try? CredentialResolver(environment: environment).resolve()) != nil
        _ = RegionResolver(environment: environment).resolve(profile: nil, stackRegion: nil)
        return resolved || !config.profiles.isEmpty
    }

    public static let forecastCSV = FuzzTarget(
        name: "forecast-csv", summary: "SeriesCSVReader: 'forecast --input FILE' demand history",
        tokens: [
            "series_id", "hour", "gpus", "value", "time", "ds", ",", "\"", "\"\"", "\n", "\r\n",
            "2025-03-01T14:00:00Z", "2025-03-01 14:00:00+05:30", "1700000000", "-9223372036854775808",
            "9223372036854775807", "1e308", "nan", "inf", "99999999",
        ]
    ) { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        let long = (try? SeriesCSVReader(idColumn: nil).read(text)) != nil
        let named =
            (try? SeriesCSVReader(timeColumn: "hour", valueColumn: "gpus", idColumn: "series_id").read(text)) != nil
        return long || named
    }
}
