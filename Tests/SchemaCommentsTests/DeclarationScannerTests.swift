import SchemaCommentsScanner
import Testing

@Suite("DeclarationScanner: which comment belongs to which property of which type")
struct DeclarationScannerTests {
    func type(_ name: String, in source: String) -> DeclaredType? {
        DeclarationScanner.scan(source).types.first { $0.qualifiedName == name }
    }

    @Test("a property's comment, through attributes and modifiers; static members and undocumented ones are not kept")
    func properties() {
        let source = """
            /// The input.
            public struct Reminder: Decodable, SchemaDerivable, Sendable {
                /// What to remind you of.
                public var text: String
                /// Minutes
                /// from now.
                @available(*, deprecated) private(set) var minutes: Int?
                var undocumented: Bool
                /// Not a property of an instance.
                static let schemaFields = ["text": SchemaField(minLength: 1)]
                /// A computed one (the derivation ignores names it does not decode).
                var shout: String { let inner = 1; return text.uppercased() }
                /// A method.
                func f() { /// inside a body
                    var local = 1
                }
                var after: Int
            }
            """
        let reminder = type("Reminder", in: source)
        #expect(reminder?.inheritedNames == ["Decodable", "SchemaDerivable", "Sendable"])
        #expect(reminder?.isExtensible == true)
        #expect(
            reminder?.documentedProperties == [
                DocumentedProperty("text", ["What to remind you of."]),
                DocumentedProperty("minutes", ["Minutes", "from now."]),
                DocumentedProperty("shout", ["A computed one (the derivation ignores names it does not decode)."]),
            ])
    }

    @Test("nested types are named from the outside in, through extensions too")
    func nesting() {
        let source = """
            public enum Tools {
                struct Greeting: SchemaDerivable {
                    /// Whom to greet.
                    var name: String
                    struct Inner: SchemaDerivable { /// Deep.
                        var deep: Int }
                }
            }
            extension Tools.Greeting {
                struct Other: SchemaDerivable {
                    /// Other.
                    let value: String
                }
            }
            """
        let scanned = DeclarationScanner.scan(source)
        #expect(
            scanned.types.map(\.qualifiedName) == ["Tools.Greeting", "Tools.Greeting.Inner", "Tools.Greeting.Other"])
        #expect(
            type("Tools.Greeting.Inner", in: source)?.documentedProperties == [DocumentedProperty("deep", ["Deep."])])
        #expect(type("Tools.Greeting.Other", in: source)?.documentedProperties.map(\.name) == ["value"])
    }

    @Test("private, fileprivate and local types cannot be extended from another file")
    func hidden() {
        let source = """
            private struct A: SchemaDerivable { /// a
                var a: Int }
            fileprivate struct B: SchemaDerivable { struct C: SchemaDerivable { /// c
                var c: Int } }
            func f() { struct D: SchemaDerivable { /// d
                var d: Int } }
            struct E: SchemaDerivable { /// e
                var e: Int }
            """
        let scanned = DeclarationScanner.scan(source)
        #expect(scanned.types.filter(\.isExtensible).map(\.qualifiedName) == ["E"])
        #expect(scanned.types.filter { !$0.isExtensible }.count == 4)
    }

    @Test("CodingKeys in the body or in an extension rename properties; conformance may come from an extension")
    func codingKeys() {
        let source = """
            struct Person: Decodable {
                /// Given name.
                var firstName: String
                var age: Int
                enum CodingKeys: String, CodingKey {
                    case firstName = "first_name", age
                }
            }
            extension Person: SchemaDerivable {}
            extension Pet { enum CodingKeys: String, CodingKey { case petName = "name" } }
            """
        let scanned = DeclarationScanner.scan(source)
        #expect(
            scanned.codingKeys == ["Person": ["firstName": "first_name", "age": "age"], "Pet": ["petName": "name"]])
        #expect(
            scanned.extensionConformances == ["Person": ["SchemaDerivable"], "Pet": []]
                || scanned.extensionConformances == ["Person": ["SchemaDerivable"]])
        #expect(scanned.types.first?.inheritedNames == ["Decodable"])
    }

    @Test("generic parameters and where clauses are not conformances")
    func generics() {
        let source = """
            struct Page<T: SchemaDerivable>: Decodable where T: Sendable {
                /// Items.
                var items: [T]
            }
            struct Wrapper<T>: SchemaDerivable where T: Decodable {
                /// Value.
                var value: T
            }
            """
        #expect(type("Page", in: source)?.inheritedNames == ["Decodable"])
        #expect(type("Wrapper", in: source)?.inheritedNames == ["SchemaDerivable"])
    }

    @Test("a comment does not jump over other code to a later property")
    func detached() {
        let source = """
            struct S: SchemaDerivable {
                /// About the method.
                func f() {}
                var a: Int
                /// About the static.
                static var count = 0
                var b: Int
                /// About the type.
                struct Inner {}
                var c: Int
                /// About a case
                var d = [1, 2].map { $0 }
                var e: Int
            }
            """
        #expect(type("S", in: source)?.documentedProperties.map(\.name) == ["d"])
    }

    @Test("member names that are keywords (.self, .class) start no declaration")
    func members() {
        let source = """
            struct S: SchemaDerivable {
                /// A.
                var a = Foo.self
                var b = X.class
                /// C.
                var c: Int
            }
            """
        #expect(type("S", in: source)?.documentedProperties.map(\.name) == ["a", "c"])
    }

    @Test("a private extension, or an extension of a private type before or after it, hides what it nests")
    func privateExtensions() {
        let source = """
            private extension Outer { struct A: SchemaDerivable { /// a
                var a: Int } }
            extension Later { struct B: SchemaDerivable { /// b
                var b: Int } }
            private struct Later {}
            public struct Outer {}
            """
        let scanned = DeclarationScanner.scan(source)
        #expect(scanned.types.map(\.qualifiedName) == ["Outer.A", "Later.B", "Later", "Outer"])
        #expect(scanned.types.map(\.isExtensible) == [false, false, false, true])
        #expect(scanned.topLevelTypeNames == ["Outer"])  // a private name is not the target's to extend elsewhere
    }

    @Test("protocols and their refinements; a type's own schemaFieldComments; `class override func` is no class")
    func protocolsAndOwnComments() {
        let source = """
            protocol Input: SchemaDerivable {}
            protocol Deeper: Input, Sendable {}
            struct S: Deeper {
                static var schemaFieldComments: [String: String] { [:] }
            }
            extension T { static let schemaFieldComments = ["a": "b"] }
            class C { class override func f() { struct Local: SchemaDerivable { /// l
                var l: Int } } }
            """
        let scanned = DeclarationScanner.scan(source)
        #expect(scanned.protocols == ["Input": ["SchemaDerivable"], "Deeper": ["Input", "Sendable"]])
        #expect(scanned.declaresComments == ["S", "T"])
        #expect(scanned.types.map(\.qualifiedName) == ["S", "C", "Local"])
        #expect(scanned.types.last?.isExtensible == false)
    }

    @Test("braces that do not balance (a bare regex holding one) mark the file unreliable")
    func balance() {
        #expect(DeclarationScanner.scan("enum E { static func f() { _ = /[}]/ } }").isBalanced == false)
        #expect(DeclarationScanner.scan("enum E { static func f() { _ = /[{]/ } }").isBalanced == false)
        #expect(DeclarationScanner.scan("enum E { static func f() { _ = #/[{]/# } }").isBalanced == true)
        #expect(DeclarationScanner.scan("struct S { var a = { 1 }() }").isBalanced == true)
    }

    @Test("module-qualified and generic attributes keep the comment")
    func attributes() {
        let source = """
            struct S: SchemaDerivable {
                /// Wrapped.
                @Module.Wrapper<Int>(default: 1) var a: Int
            }
            """
        #expect(type("S", in: source)?.documentedProperties.map(\.name) == ["a"])
    }

    @Test("a fileprivate nested type on the way, or a private top-level name, hides the type; neither names the target")
    func hiddenPaths() {
        let source = """
            struct Outer { fileprivate struct Inner {} }
            extension Outer.Inner { struct S: SchemaDerivable { /// s
                var s: Int } }
            private enum ToolBackend {}
            """
        let scanned = DeclarationScanner.scan(source)
        #expect(scanned.types.first { $0.qualifiedName == "Outer.Inner.S" }?.isExtensible == false)
        #expect(scanned.topLevelTypeNames == ["Outer"])
    }
}
