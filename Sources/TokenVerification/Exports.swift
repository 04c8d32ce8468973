// Claims and headers are `JSONValue`s: users of the verifier get the JSON types without a second import.
@_exported public import GatehouseJSON
