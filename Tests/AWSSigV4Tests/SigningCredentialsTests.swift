import AWSSigV4
import Testing

@Suite struct SigningCredentialsTests {
    @Test func credentialsNeverPrintTheirSecrets() {
        let creds = SigningCredentials(accessKeyId: "AKID", secretAccessKey: "topsecret", sessionToken: "tokensecret")
        for text in ["\(creds)", String(describing: creds), String(reflecting: creds)] {
            #expect(!text.contains("topsecret") && !text.contains("tokensecret"))
            #expect(text.contains("AKID"))
        }
    }

    @Test func dumpMasksTheSecrets() {
        let creds = SigningCredentials(accessKeyId: "AKID", secretAccessKey: "topsecret", sessionToken: "tokensecret")
        var dumped = ""
        dump(creds, to: &dumped)
        #expect(dumped.contains("AKID"))
        #expect(!dumped.contains("topsecret") && !dumped.contains("tokensecret"))
    }
}
