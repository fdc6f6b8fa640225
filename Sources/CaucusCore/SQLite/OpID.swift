/// An operation's local id (`op.id`, `fact_op.id`): its replica's local index (`replica.idx`) in
/// the high bits, its counter in the low 40, so that a replica's ops are one range of ids.
enum OpID {
    static let counterBits: Int64 = 40
    static let counterMask: Int64 = (1 << 40) - 1
    static func make(_ replicaIndex: Int64, _ counter: Int64) -> Int64 { replicaIndex << counterBits | counter }
    static func replica(_ id: Int64) -> Int64 { id >> counterBits }
    static func counter(_ id: Int64) -> Int64 { id & counterMask }
}
