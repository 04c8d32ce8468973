#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// The variables Kubernetes injects for a Service named `gatehouse` (Docker-link compatible "service links"):
/// `GATEHOUSE_SERVICE_HOST=10.0.0.11`, `GATEHOUSE_SERVICE_PORT=8080`, `GATEHOUSE_SERVICE_PORT_HTTP=8080`,
/// `GATEHOUSE_PORT=tcp://10.0.0.11:8080`, `GATEHOUSE_PORT_8080_TCP=tcp://10.0.0.11:8080` and its `_PROTO`,
/// `_PORT`, `_ADDR` parts. They are not settings, and the strict unknown-variable check tolerates exactly these
/// shapes — each name with a value of the form Kubernetes gives it — so a pod whose Service is named `gatehouse`
/// starts even where `enableServiceLinks: false` was forgotten. Anything else starting with `GATEHOUSE_` that is not
/// a setting is still refused.
enum ServiceLinkVariables {
    static let prefix = "GATEHOUSE_"

    /// Whether `name=value` is a Kubernetes service-link variable of a Service named `gatehouse`.
    static func contains(name: String, value: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let parts = name.dropFirst(prefix.count).split(separator: "_", omittingEmptySubsequences: false).map(
            String.init)
        switch parts {
        case ["SERVICE", "HOST"]:
            return isAddress(value)
        case _ where parts.count >= 2 && parts[0] == "SERVICE" && parts[1] == "PORT":
            return parts.dropFirst(2).allSatisfy(isPortName) && isPort(value)
        case ["PORT"]:
            return isLink(value, proto: nil, port: nil)
        case _ where parts.count >= 3 && parts[0] == "PORT" && isPort(parts[1]) && isProtocol(parts[2]):
            let proto = parts[2].lowercased()
            switch Array(parts.dropFirst(3)) {
            case []: return isLink(value, proto: proto, port: parts[1])
            case ["PROTO"]: return value == proto
            case ["PORT"]: return value == parts[1]
            case ["ADDR"]: return isAddress(value)
            default: return false
            }
        default:
            return false
        }
    }

    static func isProtocol(_ text: String) -> Bool { ["TCP", "UDP", "SCTP"].contains(text) }

    static func isPort(_ text: String) -> Bool {
        guard (1...5).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let port = Int(text)
        else { return false }
        return (1...65535).contains(port)
    }

    /// A port name as Kubernetes upper-cases it into the variable name (DNS label characters, `-` become `_`).
    static func isPortName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    }

    /// `tcp://10.0.0.11:8080` (the protocol and port given when known).
    static func isLink(_ value: String, proto: String?, port: String?) -> Bool {
        guard let separator = value.range(of: "://") else { return false }
        let scheme = String(value[..<separator.lowerBound])
        guard proto.map({ $0 == scheme }) ?? isProtocol(scheme.uppercased()) else { return false }
        let authority = value[separator.upperBound...]
        guard let colon = authority.lastIndex(of: ":") else { return false }
        let host = authority[..<colon].trimmingBrackets
        let portText = String(authority[authority.index(after: colon)...])
        return isAddress(host) && isPort(portText) && (port.map { $0 == portText } ?? true)
    }

    static func isAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}

extension Substring {
    fileprivate var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : String(self)
    }
}
