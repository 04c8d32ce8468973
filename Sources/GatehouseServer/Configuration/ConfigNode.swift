import Yams

/// One value of the YAML configuration with its key path, read strictly: the wrong type, an out-of-range number or
/// an unknown key is a ``ConfigurationProblem`` that names the path.
struct ConfigNode {
    let node: Node
    let path: String

    init(_ node: Node, path: String) {
        self.node = node
        self.path = path
    }

    /// The members of a mapping; a key outside `allowed` is an error (with a suggestion when one is close).
    func mapping(allowed: [String]) throws(ConfigurationProblem) -> [String: ConfigNode] {
        guard case .mapping(let mapping) = node else {
            throw ConfigurationProblem(
                key: path, fix: "expected a mapping of keys (\(allowed.joined(separator: ", ")))")
        }
        var members: [String: ConfigNode] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw ConfigurationProblem(key: path, fix: "keys must be plain strings")
            }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                let hint = Self.closest(to: name, in: allowed).map { "did you mean \"\($0)\"? " } ?? ""
                throw ConfigurationProblem(
                    key: childPath, fix: "unknown key; \(hint)allowed here: \(allowed.joined(separator: ", "))")
            }
            members[name] = ConfigNode(value, path: childPath)
        }
        return members
    }

    /// The members of a mapping whose keys are names the user chooses (upstream names, tool patterns), in the
    /// order written (rules are first-match).
    func entries() throws(ConfigurationProblem) -> [(name: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else {
            throw ConfigurationProblem(key: path, fix: "expected a mapping of names to values")
        }
        var entries: [(name: String, value: ConfigNode)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string, !name.isEmpty else {
                throw ConfigurationProblem(key: path, fix: "keys must be plain, non-empty strings")
            }
            entries.append((name, ConfigNode(value, path: path.isEmpty ? name : "\(path).\(name)")))
        }
        return entries
    }

    /// The elements of a sequence.
    func sequence() throws(ConfigurationProblem) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else {
            throw ConfigurationProblem(key: path, value: node.scalar?.string, fix: "expected a list")
        }
        return sequence.enumerated().map { ConfigNode($0.element, path: "\(path)[\($0.offset)]") }
    }

    /// A non-empty string.
    func string() throws(ConfigurationProblem) -> String {
        guard let scalar = node.scalar else { throw ConfigurationProblem(key: path, fix: "expected a string") }
        guard !scalar.string.isEmpty else { throw ConfigurationProblem(key: path, fix: "must not be empty") }
        return scalar.string
    }

    /// A string out of `choices`.
    func choice(_ choices: [String]) throws(ConfigurationProblem) -> String {
        let value = try string()
        guard choices.contains(value) else {
            throw ConfigurationProblem(
                key: path, value: value, fix: "must be one of: \(choices.joined(separator: ", "))")
        }
        return value
    }

    /// A list of non-empty strings.
    func strings() throws(ConfigurationProblem) -> [String] {
        var values: [String] = []
        for element in try sequence() { values.append(try element.string()) }
        return values
    }

    /// An integer in `range`.
    func integer(in range: ClosedRange<Int>) throws(ConfigurationProblem) -> Int {
        let text = try string()
        guard let value = Int(text) else {
            throw ConfigurationProblem(key: path, value: text, fix: "expected an integer")
        }
        guard range.contains(value) else {
            throw ConfigurationProblem(
                key: path, value: text, fix: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A number of seconds in `range`.
    func seconds(in range: ClosedRange<Double>) throws(ConfigurationProblem) -> Double {
        let text = try string()
        guard let value = Double(text), value.isFinite else {
            throw ConfigurationProblem(key: path, value: text, fix: "expected a number of seconds")
        }
        guard range.contains(value) else {
            throw ConfigurationProblem(
                key: path, value: text, fix: "must be between \(range.lowerBound) and \(range.upperBound) seconds")
        }
        return value
    }

    /// `true` or `false` (YAML 1.2 spelling only: `yes`/`on` are refused as ambiguous).
    func bool() throws(ConfigurationProblem) -> Bool {
        switch try string() {
        case "true": return true
        case "false": return false
        case let other: throw ConfigurationProblem(key: path, value: other, fix: "expected true or false")
        }
    }

    /// The allowed key nearest to `name` by edit distance, if it is close enough to be a typo.
    static func closest(to name: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(Array(name), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 3) else { return nil }
        return best.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
