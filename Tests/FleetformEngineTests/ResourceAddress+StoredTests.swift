import FleetformEngine
import FleetformModel
import Testing

struct StoredAddressTests {
    /// The fast path for stored addresses must agree with the model's parser on every input.
    @Test(arguments: [
        "aws_vpc.core", "module.training.aws_vpc.core", "module.a.module.b.aws_s3_bucket.x-y_z",
        "aws_subnet.core[\"use1-az1\"]", "module.m.aws_subnet.core[\"a.b\"]", "aws_subnet.core[\"\"]",
        "module.aws_vpc", "module.x.module.y", "a.b.c", ".a", "a.", "a..b", "", "aws_vpc", "module..aws_vpc.x",
        "module.a b.aws_vpc.x", "aws_vpc.co re", "aws_vpc.core[\"k\"", "aws_vpc.core\"]", "aws_vpc.core[x]",
        "aws_vpc.ünï", "module.module.aws_vpc.x", "module.aws_vpc.x", "aws_vpc.module", "module.m.module.aws_x.y",
    ])
    func agreesWithTheModelParser(_ text: String) throws {
        let json = """
            {"version":1,"serial":1,"lineage":"l","stack":"s","environment":"e",
             "resources":[{"address":\(AttributeValue.string(text)),"provider":{"region":"r"},"id":"i"}]}
            """
        let expected = ResourceAddress(parsing: text)
        let decoded = try? StateFile.decode(Array(json.utf8), file: "x")
        #expect(decoded?.resources.keys.first == expected)
        #expect((decoded == nil) == (expected == nil))
    }
}
