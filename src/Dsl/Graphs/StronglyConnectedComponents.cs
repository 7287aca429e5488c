namespace PolicyDsl.Dsl.Graphs;

/// <summary>
/// Tarjan's strongly connected components, iterative so that a 100,000-deep chain cannot exhaust the stack.
/// Used for recursion through negation (over relations) and for the evaluation order (over ground atoms).
/// </summary>
public static class StronglyConnectedComponents
{
    /// <summary>
    /// The component of every node. Components are numbered in the order Tarjan completes them: a component gets
    /// its number after every component reachable from it, so descending numbers are a topological order.
    /// </summary>
    public static int[] Compute(IReadOnlyList<List<int>?> successors)
    {
        var n = successors.Count;
        var index = new int[n];
        var low = new int[n];
        var component = new int[n];
        Array.Fill(index, -1);
        var onStack = new bool[n];
        var stack = new Stack<int>();
        var work = new Stack<(int Node, int Next)>();
        var counter = 0;
        var components = 0;
        for (var root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, next) = work.Pop();
                var list = successors[node];
                if (list is not null && next < list.Count)
                {
                    work.Push((node, next + 1));
                    var w = list[next];
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = counter++;
                        stack.Push(w);
                        onStack[w] = true;
                        work.Push((w, 0));
                    }
                    else if (onStack[w])
                    {
                        low[node] = Math.Min(low[node], index[w]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component[member] = components;
                    }
                    while (member != node);

                    components++;
                }
            }
        }

        return component;
    }
}
