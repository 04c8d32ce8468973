/// Finds type declarations, their documented properties and their coding keys in the tokens of one Swift file.
///
/// It tracks braces to know which declaration a `var` or `let` belongs to: a property counts only directly in a
/// struct's, class's or actor's body (not in a function, a computed property or a closure). Documentation is the
/// comment immediately before a declaration; attributes (`@MainActor`, `@available(…)`) and modifiers between them
/// keep it, anything else drops it.
public struct DeclarationScanner {
    private enum ScopeKind {
        case type(index: Int)
        case codingKeys(owner: String)
        case `extension`
        case other
    }

    private struct Scope {
        var kind: ScopeKind
        var name: String?
        var extensible: Bool
    }

    private let tokens: [SourceToken]
    private var index = 0
    private var scopes: [Scope] = []
    private var result = ScannedFile()
    private var documentation: [String] = []
    private var access: String?
    private var hiddenNames: Set<String> = []
    /// How many `#if` blocks are open: a type declared inside one may not exist in every build.
    private var conditionalDepth = 0
    /// Attributes seen since the last declaration that restrict where a type may be named.
    private var restricted = false
    private static let restrictingAttributes: Set<String> = ["available", "_spi", "_spi_available", "backDeployed"]

    private static let modifiers: Set<String> = [
        "public", "open", "internal", "package", "private", "fileprivate", "final", "nonisolated", "weak",
        "unowned", "lazy", "dynamic", "mutating", "nonmutating", "override", "required", "convenience", "indirect",
        "isolated", "consuming", "borrowing", "sending", "distributed",
    ]
    private static let declarationKinds: Set<String> = ["struct", "class", "actor", "enum", "protocol", "extension"]

    /// Scans one file's source.
    public static func scan(_ source: String) -> ScannedFile {
        var scanner = DeclarationScanner(tokens: SourceTokenizer.tokens(of: source))
        scanner.run()
        if !scanner.scopes.isEmpty { scanner.result.isBalanced = false }
        // A private or fileprivate type is visible in its own file only, so nothing nested in it or in extensions
        // of it can be extended from the generated file — whichever comes first in the file.
        for index in scanner.result.types.indices {
            let parts = scanner.result.types[index].qualifiedName.split(separator: ".")
            let prefixes = parts.indices.map { parts[...$0].joined(separator: ".") }
            if prefixes.contains(where: scanner.hiddenNames.contains) {
                scanner.result.types[index].isExtensible = false
            }
        }
        return scanner.result
    }

    private init(tokens: [SourceToken]) {
        self.tokens = tokens
    }

    private func token(_ offset: Int = 0) -> SourceToken? {
        index + offset < tokens.count ? tokens[index + offset] : nil
    }

    private func word(_ offset: Int = 0) -> String? {
        if case .word(let word)? = token(offset) { return word }
        return nil
    }

    private mutating func run() {
        while let current = token() {
            switch current {
            case .documentation(let lines):
                documentation = lines
                index += 1
            case .symbol(UInt8(ascii: "@")):
                skipAttribute()
            case .symbol(UInt8(ascii: "#")) where word(1) == "if" || word(1) == "endif":
                conditionalDepth = max(0, conditionalDepth + (word(1) == "if" ? 1 : -1))
                forget()
                index += 2
            case .symbol(UInt8(ascii: "{")):
                scopes.append(Scope(kind: .other, name: nil, extensible: false))
                forget()
                index += 1
            case .symbol(UInt8(ascii: "}")):
                if scopes.isEmpty { result.isBalanced = false } else { scopes.removeLast() }
                forget()
                index += 1
            case .word(let word) where Self.modifiers.contains(word) && !isMember():
                if ["public", "open", "internal", "package", "private", "fileprivate"].contains(word) { access = word }
                index += 1
                if token() == .symbol(UInt8(ascii: "(")) { skipGroup() }  // private(set)
            case .word(let word) where Self.declarationKinds.contains(word) && !isMember() && isDeclarationName(1):
                declaration(word)
            case .word("static") where !isMember(), .word("class") where !isMember():
                skipStaticMember()
            case .word("typealias") where !isMember():
                typeAlias()
            case .word("var"), .word("let"):
                property()
            case .word("case"):
                codingKeyCases()
            default:
                forget()
                index += 1
            }
        }
    }

    /// Whether the word at `index` follows a `.` (`Foo.self`, `.class`), so it is a member, not a keyword.
    private func isMember() -> Bool {
        index > 0 && tokens[index - 1] == .symbol(UInt8(ascii: "."))
    }

    /// Whether the token at `offset` names a declaration (a word that is not itself a keyword such as `func`).
    private func isDeclarationName(_ offset: Int) -> Bool {
        guard let name = word(offset) else { return false }
        return !["func", "var", "let", "subscript", "init", "deinit", "case"].contains(name)
            && !Self.modifiers.contains(name)
    }

    private mutating func forget() {
        documentation = []
        access = nil
        restricted = false
    }

    /// `@Name`, `@Module.Name<T>(…)`: kept between a comment and its declaration.
    private mutating func skipAttribute() {
        index += 1
        if let name = word() {
            if Self.restrictingAttributes.contains(name) { restricted = true }
            index += 1
        }
        while token() == .symbol(UInt8(ascii: ".")), word(1) != nil { index += 2 }
        if token() == .symbol(UInt8(ascii: "<")) { skipGroup(from: "<", to: ">") }
        if token() == .symbol(UInt8(ascii: "(")) { skipGroup() }
    }

    /// Skips a balanced group starting at `index`: `(…)` unless told otherwise (`<…>` for generic arguments).
    private mutating func skipGroup(from open: Unicode.Scalar = "(", to close: Unicode.Scalar = ")") {
        var depth = 0
        while let current = token() {
            index += 1
            if current == .symbol(UInt8(ascii: open)) { depth += 1 }
            if current == .symbol(UInt8(ascii: close)) {
                depth -= 1
                if depth == 0 { return }
            }
        }
    }

    /// `static let x`, `class var y`: not stored per instance, never decoded. Drops the comment and the keyword.
    private mutating func skipStaticMember() {
        forget()
        index += 1
        while let next = word(), Self.modifiers.contains(next) { index += 1 }
        guard word() == "var" || word() == "let" else { return }
        index += 1
        if word() == "schemaFieldComments", let owner = enclosingName().name {
            result.declaresComments.insert(owner)  // its own: a generated one would be a redeclaration
        }
    }

    /// The innermost type or extension scope's qualified name, if every scope out to the file is a type or an
    /// extension (a type inside a function has no name another file can use).
    private func enclosingName() -> (name: String?, extensible: Bool) {
        var names: [String] = []
        var extensible = true
        for scope in scopes {
            guard let name = scope.name else { return (nil, false) }
            names.append(name)
            extensible = extensible && scope.extensible
        }
        return (names.isEmpty ? nil : names.joined(separator: "."), extensible)
    }

    /// `struct Name<…>: A, B where … {`, and the same for class, actor, enum, protocol and extension.
    private mutating func declaration(_ kind: String) {
        let declaredAccess = access
        // Under `@available`/`@_spi`, or inside an `#if`, the type may not be nameable everywhere the generated file is.
        let conditional = restricted || conditionalDepth > 0
        forget()
        index += 1
        var nameParts: [String] = []
        while let part = word() {
            nameParts.append(part)
            index += 1
            guard token() == .symbol(UInt8(ascii: ".")) else { break }
            index += 1
        }
        var inherited: [String] = []
        var angle = 0
        var inWhere = false
        while let current = token(), current != .symbol(UInt8(ascii: "{")) {
            switch current {
            case .symbol(UInt8(ascii: "<")): angle += 1
            case .symbol(UInt8(ascii: ">")): angle = max(0, angle - 1)
            case .symbol(UInt8(ascii: "}")), .symbol(UInt8(ascii: ";")): return  // not a declaration after all
            case .word("where"): inWhere = true
            case .word(let word) where angle == 0 && !inWhere: inherited.append(word)
            case .symbol(UInt8(ascii: "(")):
                skipGroup()
                continue
            default: break
            }
            index += 1
        }
        guard token() == .symbol(UInt8(ascii: "{")) else { return }
        index += 1
        let name = nameParts.joined(separator: ".")
        let (outer, outerExtensible) = enclosingName()
        let insideOther = !scopes.isEmpty && outer == nil
        let qualified = outer.map { $0 + "." + name } ?? name
        let hidden = declaredAccess == "private" || declaredAccess == "fileprivate"
        let extensible = !insideOther && outerExtensible && !hidden && !conditional
        if scopes.isEmpty && kind != "extension" {
            if !hidden { result.topLevelTypeNames.insert(name) }
        }
        if hidden && kind != "extension" { hiddenNames.insert(qualified) }
        switch kind {
        case "extension":
            if !inherited.isEmpty && !insideOther { result.extensionConformances[name, default: []] += inherited }
            scopes.append(Scope(kind: .extension, name: insideOther ? nil : name, extensible: !hidden && !conditional))
        case "protocol":
            if scopes.isEmpty { result.protocols[name] = inherited }
            scopes.append(Scope(kind: .other, name: nil, extensible: false))
        case "struct", "class", "actor":
            result.types.append(
                DeclaredType(
                    qualifiedName: qualified, isExtensible: extensible, isClass: kind == "class",
                    inheritedNames: inherited))
            scopes.append(
                Scope(
                    kind: .type(index: result.types.count - 1), name: insideOther ? nil : name, extensible: extensible))
        case "enum" where name == "CodingKeys" && outer != nil:
            scopes.append(Scope(kind: .codingKeys(owner: outer ?? ""), name: name, extensible: extensible))
        default:  // other enums: their members are not stored properties, but types nested in them count
            scopes.append(Scope(kind: .other, name: insideOther ? nil : name, extensible: extensible))
        }
    }

    /// `typealias Name = Some.Type`: recorded by last names, so own `schemaFieldComments` declared through the alias
    /// are matched to the type.
    private mutating func typeAlias() {
        forget()
        index += 1
        guard let name = word(), token(1) == .symbol(UInt8(ascii: "=")) else { return }
        index += 2
        var target: String?
        while let part = word() {
            target = part
            index += 1
            guard token() == .symbol(UInt8(ascii: ".")) else { break }
            index += 1
        }
        if let target { result.typeAliases[name] = target }
    }

    /// `var name`, `let name`: recorded with its comment when directly in a type's body.
    private mutating func property() {
        let comment = documentation
        forget()
        index += 1
        guard let name = word() else { return }
        index += 1
        guard case .type(let owner)? = scopes.last?.kind, !comment.isEmpty else { return }
        result.types[owner].documentedProperties.append(DocumentedProperty(name, comment))
    }

    /// `case a, b = "b_key"` in a `CodingKeys` enum.
    private mutating func codingKeyCases() {
        forget()
        index += 1
        guard case .codingKeys(let owner)? = scopes.last?.kind else { return }
        while let name = word() {
            index += 1
            var raw = name
            if token() == .symbol(UInt8(ascii: "=")) {
                if case .string(let text?)? = token(1) { raw = text }
                index += 2
            }
            result.codingKeys[owner, default: [:]][name] = raw
            guard token() == .symbol(UInt8(ascii: ",")) else { return }
            index += 1
        }
    }
}
