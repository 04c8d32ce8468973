import GatehouseJSON
import MCPCore
import SchemaCommentsFixture
import Testing

@Suite("The SchemaComments plugin on a target written the ways users write (Tests/SchemaCommentsFixture)")
struct PluginFixtureTests {
    func description<T: SchemaDerivable>(_ type: T.Type, _ key: String = "value") throws -> String? {
        try JSONSchema.derived(from: type).json["properties"]?[key]?["description"]?.stringValue
    }

    @Test("renamed keys, #if branches, backquoted names, refining protocols and extensions are described")
    func described() throws {
        #expect(try description(Fixture.Renamed.self, "name") == "Given name.")
        #expect(try ["Debug.", "Release."].contains(description(Fixture.Conditional.self)))
        #expect(try description(Fixture.`default`.self) == "Backquoted.")
        #expect(try description(Fixture.Attributed.self) == "Through attributes.")
        #expect(try description(Refined.self) == "Through a refining protocol.")
        #expect(try description(ExtendedLater.self) == "Through an extension.")
    }

    @Test("a type's own schemaFieldComments, a type nested in an imported one, an unreliable file: left alone")
    func leftAlone() throws {
        #expect(try description(SelfDescribed.self) == "Its own.")
        #expect(try description(ToolBackend.FixtureArguments.self) == nil)
        #expect(try description(RegexHolder.Unreliable.self) == nil)
        #if DEBUG
            #expect(try description(DebugOnly.self) == nil)
        #endif
        #expect(try description(BaseInput.self) == "From the base class.")
        #expect(try description(SubInput.self) == "From the base class.")
    }
}
