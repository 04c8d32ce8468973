public import MCPCore

/// A local MCP server to start as a child process (basic/transports, "stdio").
public struct UpstreamCommand: Sendable, Hashable, CustomStringConvertible {
    /// The program: a path (containing `/`) or a name looked up in `PATH`.
    public var executable: String
    /// Its arguments.
    public var arguments: [String]
    /// Variables the child gets, added to ``passedVariables`` (or replacing them).
    public var environment: [String: String]
    /// Whether the child inherits all of the gateway's environment. Off by default: the gateway's environment holds
    /// its secrets (`client_secret_env`, `shared_secret_env`, other upstreams' credentials), and a third-party MCP
    /// server must not read them; the child gets only ``passedVariables`` and ``environment``.
    public var inheritsEnvironment: Bool

    /// The variables of the gateway's environment a child gets when it does not inherit all of it: what programs
    /// need to run (`PATH`, `HOME`, locale, temporary directory, user).
    public static let passedVariables = [
        "PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "USER", "LOGNAME", "TZ",
    ]
    /// The working directory (default: the gateway's).
    public var workingDirectory: String?

    /// Creates a command.
    public init(
        executable: String, arguments: [String] = [], environment: [String: String] = [:],
        inheritsEnvironment: Bool = false, workingDirectory: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.inheritsEnvironment = inheritsEnvironment
        self.workingDirectory = workingDirectory
    }

    /// The variables naming the principal a per-principal process serves (``UpstreamConfiguration/processPerPrincipal``).
    public static let principalVariables = (issuer: "GATEHOUSE_CALLER_ISSUER", subject: "GATEHOUSE_CALLER_SUBJECT")

    /// This command for a process serving `caller` alone: ``principalVariables`` set to its issuer and subject
    /// (left out when a value holds a NUL, which no environment can carry); an anonymous caller gets neither.
    public func serving(_ caller: Caller?) -> UpstreamCommand {
        var command = self
        command.environment[Self.principalVariables.issuer] = nil
        command.environment[Self.principalVariables.subject] = nil
        guard let caller, !caller.issuer.contains("\0"), !caller.subject.contains("\0") else { return command }
        command.environment[Self.principalVariables.issuer] = caller.issuer
        command.environment[Self.principalVariables.subject] = caller.subject
        return command
    }

    /// Splits a one-line command (`python server.py --flag "a b"`) into program and arguments: words separated by
    /// spaces, with single or double quotes grouping and a backslash escaping the next character. No shell runs.
    public init?(commandLine: String) {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in commandLine {
            if escaped {
                word.append(character)
                escaped = false
            } else if character == "\\" && quote != "'" {
                escaped = true
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(word) }
        guard let executable = words.first else { return nil }
        self.init(executable: executable, arguments: Array(words.dropFirst()))
    }

    /// The program and its arguments, for logs (environment values are not shown).
    public var description: String { ([executable] + arguments).joined(separator: " ") }
}
