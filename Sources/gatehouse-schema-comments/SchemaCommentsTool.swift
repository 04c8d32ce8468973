import Foundation
import SchemaCommentsScanner

/// The `SchemaComments` build plugin's tool: `gatehouse-schema-comments OUTPUT INPUT…` scans the target's Swift
/// files and writes the generated extensions to OUTPUT (only when they changed, so an unchanged target is not
/// recompiled).
@main
enum SchemaCommentsTool {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let output = arguments.first else {
            fail("usage: gatehouse-schema-comments OUTPUT.swift INPUT.swift…")
        }
        var files: [ScannedFile] = []
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                fail("\(path): cannot read it, so its doc comments cannot become schema descriptions")
            }
            let scanned = DeclarationScanner.scan(String(decoding: data, as: UTF8.self))
            if !scanned.isBalanced {
                print(
                    "gatehouse-schema-comments: \(path): its braces do not balance as this scanner reads them (a bare "
                        + "regex literal holding a brace?), so its doc comments are not used; use #/…/# or schemaFields"
                )
            }
            files.append(scanned)
        }
        let generated = Data(GeneratedComments.source(for: files).utf8)
        if FileManager.default.contents(atPath: output) == generated { return }
        guard FileManager.default.createFile(atPath: output, contents: generated) else {
            fail("\(output): cannot write the generated schema descriptions there")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: gatehouse-schema-comments: \(message)\n".utf8))
        exit(1)
    }
}
