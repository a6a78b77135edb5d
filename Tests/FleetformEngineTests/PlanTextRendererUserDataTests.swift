import FleetformEngine
import FleetformModel
import Foundation
import Testing

/// A launch template's boot script shows in the plan by hash and size, not as base64.
struct PlanTextRendererUserDataTests {
    @Test func userDataShowsAsHashAndSize() throws {
        let old = Data("#!/bin/bash\necho one\n".utf8).base64EncodedString()
        let new = Data("#!/bin/bash\necho two, longer\n".utf8).base64EncodedString()
        let state = Fixtures.state([
            Fixtures.recorded("aws_launch_template.pool", id: "lt-1", ["name": "pool", "user_data": .string(old)])
        ])
        let manifest = Fixtures.manifest([
            Fixtures.declared("aws_launch_template.pool", ["name": "pool", "user_data": .string(new)])
        ])
        let text = PlanTextRenderer().render(
            try Planner().plan(manifest: manifest, state: state, schemas: Fixtures.schemas))
        #expect(
            text.contains(
                #"~ user_data = "(sha256 d74543f2ae78, 21 bytes)" -> "(sha256 ad8e5c945617, 29 bytes)""#), "\(text)")
        #expect(!text.contains(new))
    }
}
