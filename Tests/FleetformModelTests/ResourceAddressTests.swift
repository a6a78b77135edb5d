import FleetformModel
import Testing

@Suite struct ResourceAddressTests {
    @Test(arguments: [
        "aws_vpc.core", "module.training.aws_autoscaling_group.trainers", "aws_subnet.core[\"use1-az1\"]",
        "module.a.module.b.aws_s3_bucket.datasets",
    ])
    func roundTrips(_ text: String) throws {
        let address = try #require(ResourceAddress(parsing: text))
        #expect(address.description == text)
    }

    @Test(arguments: [
        "", "aws_vpc", "module.x", "aws_vpc.", ".core", "aws vpc.core", "a.b.c", "a[\"]", "aws_vpc.core[\"]",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(ResourceAddress(parsing: text) == nil)
    }

    @Test func ordersByModuleThenTypeThenName() {
        let a = ResourceAddress(type: "aws_vpc", name: "b")
        let b = ResourceAddress(type: "aws_vpc", name: "c")
        let c = ResourceAddress(modulePath: ["m"], type: "aws_subnet", name: "a")
        #expect([c, b, a].sorted() == [a, b, c])
    }

    @Test func referenceParsesAttributeAfterLastDot() throws {
        let r = try #require(ResourceReference(parsing: "module.m.aws_vpc.core.id"))
        #expect(r.address == ResourceAddress(modulePath: ["m"], type: "aws_vpc", name: "core"))
        #expect(r.attribute == "id")
    }
}
