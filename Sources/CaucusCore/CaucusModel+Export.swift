// The store's API is written in the model's types (operations, values, version vectors, record
// states), so a user of the store imports one module, as NIO re-exports NIOCore.
@_exported import CaucusModel
