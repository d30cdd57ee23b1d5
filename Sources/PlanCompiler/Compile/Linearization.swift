/// Orders steps so each comes after all it needs, keeping the written order wherever the needs allow.
///
/// Kahn's algorithm that always takes the ready step written first (a min-heap of indices): the
/// smallest topological order by written position, so a step moves later only when a need forces it.
enum Linearization {
    /// The order (indices into the steps), or the steps of one cycle when there is none.
    enum Outcome: Equatable {
        case ordered([Int])
        case cycle([Int])
    }

    static func order(count: Int, needs: [[Int]]) -> Outcome {
        // When every step needs only steps written before it (or nothing), the written order is
        // itself the smallest order that keeps every need: no heap needed.
        let backwards = needs.indices.allSatisfy { step in needs[step].allSatisfy { $0 < step } }
        if backwards { return .ordered(Array(0..<count)) }
        var indegree = [Int](repeating: 0, count: count)
        var dependents = [[Int]](repeating: [], count: count)
        for (step, list) in needs.enumerated() {
            for need in list {
                indegree[step] += 1
                dependents[need].append(step)
            }
        }
        var heap = MinHeap()
        for i in 0..<count where indegree[i] == 0 { heap.push(i) }
        var order: [Int] = []
        order.reserveCapacity(count)
        while let next = heap.pop() {
            order.append(next)
            for d in dependents[next] {
                indegree[d] -= 1
                if indegree[d] == 0 { heap.push(d) }
            }
        }
        if order.count == count { return .ordered(order) }
        return .cycle(findCycle(needs: needs, among: indegree.indices.filter { indegree[$0] > 0 }))
    }

    /// A cycle among `remaining` (steps left with unmet needs), starting at the first-written step on one.
    private static func findCycle(needs: [[Int]], among remaining: [Int]) -> [Int] {
        let inRest = Set(remaining)
        // Walk needs from the first remaining step; every remaining step has a remaining need, so the
        // walk must revisit a step, and the part from the first revisit is a cycle.
        var position: [Int: Int] = [:]
        var path: [Int] = []
        var current = remaining[0]
        while position[current] == nil {
            position[current] = path.count
            path.append(current)
            guard let next = needs[current].first(where: { inRest.contains($0) }) else { break }
            current = next
        }
        // Each step of the cycle needs the next one; start it at its first-written step.
        let cycle = Array(path[(position[current] ?? 0)...])
        guard let start = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) else { return cycle }
        return Array(cycle[start...] + cycle[..<start])
    }
}

/// A binary min-heap of step indices.
struct MinHeap {
    private var items: [Int] = []

    mutating func push(_ value: Int) {
        items.append(value)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent] <= items[i] { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var smallest = i
                if l < items.count && items[l] < items[smallest] { smallest = l }
                if r < items.count && items[r] < items[smallest] { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return top
    }
}
