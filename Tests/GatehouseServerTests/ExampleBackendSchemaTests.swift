import GatehouseExample
import GatehouseJSON
import MCPCore
import Testing

@Suite("The example backend's derived schemas, built with the SchemaComments plugin")
struct ExampleBackendSchemaTests {
    @Test("add_note's text: the doc comment is its description, the bounds come from schemaFields")
    func addNote() throws {
        let tool = try #require(ExampleBackend.make().current.tool(named: "add_note"))
        let text = tool.inputSchema.json["properties"]?["text"]
        #expect(text?["description"] == "The note's text.")
        #expect(text?["minLength"] == 1)
        #expect(text?["maxLength"] == 2000)
    }
}
