namespace PolicyDsl.Evaluator.Grounding;

/// <summary>The one walk over compiled conditions and values: who the children of a node are.</summary>
internal static class GroundNodes
{
    /// <summary>Pushes a node's children (conditions and values) so the leftmost is taken next; leaves have none.</summary>
    public static void PushChildren(object node, Stack<object> pending)
    {
        switch (node)
        {
            case GroundNot n:
                pending.Push(n.Operand);
                break;
            case GroundAnd a:
                pending.Push(a.Right);
                pending.Push(a.Left);
                break;
            case GroundOr o:
                pending.Push(o.Right);
                pending.Push(o.Left);
                break;
            case GroundCompare c:
                pending.Push(c.Right);
                pending.Push(c.Left);
                break;
            case GroundArithmetic ar:
                pending.Push(ar.Right);
                pending.Push(ar.Left);
                break;
            case GroundNegate ng:
                pending.Push(ng.Operand);
                break;
        }
    }
}
