using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PolicyDsl.Repl.Interactive;

/// <summary>
/// What a C# submission checks to stop: the token of the input that runs it, set by <see cref="CSharpHost"/>. A
/// submission is code the user typed, run in this process, so Ctrl+C cannot kill it; <see cref="LoopGuard"/> makes
/// it stop by itself instead.
/// </summary>
public static class ReplCancellation
{
    /// <summary>
    /// Per submission: the value flows into the task that runs it, so a cancelled submission that has not yet reached
    /// a guard still sees its own cancelled token when the next one starts.
    /// </summary>
    private static readonly AsyncLocal<CancellationToken> Token = new();

    /// <summary>The token of the submission started from this context.</summary>
    internal static CancellationToken Current
    {
        get => Token.Value;
        set => Token.Value = value;
    }

    /// <summary>Throws when the submission running was cancelled (Ctrl+C). Called by the guards LoopGuard inserts.</summary>
    public static void Check() => Token.Value.ThrowIfCancellationRequested();
}

/// <summary>
/// Makes a C# submission stoppable: a call to <see cref="ReplCancellation.Check"/> at the top of every loop body
/// (while, do, for, foreach), every block-bodied method, local function, accessor and lambda (so recursion stops
/// too) and every labelled statement (a loop written with goto). Chosen over running the script in a process of its
/// own, which would cost the session's state on every Ctrl+C and the warm Roslyn a second per input: the state
/// stays, and a loop stops at its next iteration. Guards are inserted on the line they guard, without line
/// breaks, so compiler errors keep their line numbers. Code that spins inside a library call (a LINQ chain over an
/// endless sequence) is not reached; the prompt still comes back, and the submission runs on until that call ends.
/// </summary>
public sealed class LoopGuard : CSharpSyntaxRewriter
{
    private const string GuardText = "global::PolicyDsl.Repl.Interactive.ReplCancellation.Check();";

    private static readonly CSharpParseOptions ScriptOptions = new(kind: SourceCodeKind.Script, languageVersion: LanguageVersion.Latest);

    /// <summary>The submission with its guards, or the code as it is when it does not parse (its errors are then reported as typed).</summary>
    public static string Insert(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ScriptOptions);
        if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return code;
        }

        return new LoopGuard().Visit(tree.GetRoot()).ToFullString();
    }

    private static StatementSyntax Guard() => SyntaxFactory.ParseStatement(GuardText).WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space);

    private static BlockSyntax Guarded(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, Guard()));

    private static BlockSyntax Guarded(StatementSyntax body) => body is BlockSyntax block
        ? Guarded(block)
        : SyntaxFactory.Block(Guard(), body.WithoutLeadingTrivia()).WithLeadingTrivia(body.GetLeadingTrivia())
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space));

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node) =>
        GuardStatement((WhileStatementSyntax)base.VisitWhileStatement(node)!, n => n.Statement, (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node) =>
        GuardStatement((DoStatementSyntax)base.VisitDoStatement(node)!, n => n.Statement, (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node) =>
        GuardStatement((ForStatementSyntax)base.VisitForStatement(node)!, n => n.Statement, (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) =>
        GuardStatement((ForEachStatementSyntax)base.VisitForEachStatement(node)!, n => n.Statement, (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) =>
        GuardStatement((ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!, n => n.Statement, (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node) =>
        GuardStatement((LabeledStatementSyntax)base.VisitLabeledStatement(node)!, n => n.Statement, (n, s) => n.WithStatement(s));

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) =>
        GuardBody((MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!, n => n.Body, (n, b) => n.WithBody(b));

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) =>
        GuardBody((LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!, n => n.Body, (n, b) => n.WithBody(b));

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node) =>
        GuardBody((AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!, n => n.Body, (n, b) => n.WithBody(b));

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
        GuardBody((ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!, n => n.Block, (n, b) => n.WithBlock(b));

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) =>
        GuardBody((SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!, n => n.Block, (n, b) => n.WithBlock(b));

    /// <summary>A loop or labelled statement whose statement starts with a guard.</summary>
    private static T GuardStatement<T>(T node, Func<T, StatementSyntax> statement, Func<T, StatementSyntax, T> with) =>
        with(node, Guarded(statement(node)));

    /// <summary>A method, accessor or lambda whose block body (if it has one) starts with a guard.</summary>
    private static T GuardBody<T>(T node, Func<T, BlockSyntax?> body, Func<T, BlockSyntax, T> with) =>
        body(node) is { } block ? with(node, Guarded(block)) : node;
}
