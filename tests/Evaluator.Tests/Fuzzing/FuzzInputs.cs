using System.Text;
using CsCheck;
using PolicyDsl.Testing;

namespace PolicyDsl.Evaluator.Tests.Fuzzing;

/// <summary>
/// Inputs a hostile or careless user could write: grammar-shaped arguments (types, scales, premises with values and
/// citations, open premises, rules with variables, nesting, exceptions and overrides, expectations, scenario
/// blocks, imports and sources), and the samples mutated (bytes flipped, inserted, deleted, ranges duplicated,
/// lines spliced between files).
/// </summary>
public static class FuzzInputs
{
    private static readonly string[] Actors = ["US", "Russia", "China", "EU"];
    private static readonly string[] Levels = ["none", "low", "high", "vital"];
    private static readonly string[] Relations = ["p", "q", "deal", "pressure", "tension_rises", "needs"];
    private static readonly string[] Valued = ["price", "offer", "tariff", "trade"];

    /// <summary>The texts mutations start from: every sample and the diagnostic cases.</summary>
    public static readonly IReadOnlyList<string> Seeds =
        [.. Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "samples"), "*.policy", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(TestPaths.DiagnosticCases, "*.policy", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)];

    private static readonly Gen<string> Actor = Gen.OneOf<string>(Actors);

    private static readonly Gen<string> Literal = Gen.OneOf<string>(
        Gen.Int[-5, 1000].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int[0, 999].Select(i => $"${i}B"),
        Gen.OneOf<string>("$1.2T", "$237 billion", "US$5M", "57%", "1e400%", "2025-11-01", "2025-02-30", "$100000000000000000T",
            "99999999999999999999999999999999", "$79228162514264337593543950335", "0.000000000000001", "-0", "\"text\"", "\"\""),
        Gen.OneOf<string>(Levels));

    private static Gen<string> Atom(bool variables) => Gen.OneOf<string>(
        Gen.OneOf<string>(Relations),
        Gen.Select(Gen.OneOf<string>(Relations), variables ? Gen.OneOf<string>("x", "y", "US", "China") : Actor, (r, a) => $"{r}({a})"),
        Gen.Select(Gen.OneOf<string>(Relations), Actor, variables ? Gen.OneOf<string>("x", "y", "Russia") : Actor, (r, a, b) => $"{r}({a}, {b})"));

    private static Gen<string> Value(bool variables) => Gen.Frequency<string>(
        (20, ValueTerm(variables)),

        // A long arithmetic chain (issue 23: quadratic once), of up to 2,000 terms.
        (1, Gen.Select(Gen.Int[2, 2000], Literal, Gen.OneOf<string>("+", "-", "*"), (n, l, op) => string.Join($" {op} ", Enumerable.Repeat(l, n)))));

    private static Gen<string> ValueTerm(bool variables) => Gen.OneOf<string>(
        Literal,
        Gen.Select(Gen.OneOf<string>(Valued), variables ? Gen.OneOf<string>("x", "US") : Actor, (r, a) => $"{r}({a})"),
        Gen.Select(Gen.OneOf<string>(Valued), Actor, Gen.OneOf<string>("+", "-", "*", "/"), Literal, (r, a, op, l) => $"{r}({a}) {op} {l}"));

    private static Gen<string> Condition(int depth, bool variables)
    {
        var leaf = Gen.OneOf<string>(
            Atom(variables),
            Atom(variables).Select(a => "not " + a),
            Gen.Select(Value(variables), Gen.OneOf<string>("<", "<=", ">", ">=", "=", "!="), Value(variables), (a, op, b) => $"{a} {op} {b}"));
        if (depth <= 0)
        {
            return leaf;
        }

        var inner = Condition(depth - 1, variables);
        return Gen.Frequency<string>(
            (4, leaf),
            (2, Gen.Select(inner, Gen.OneOf<string>("and", "or"), inner, (a, op, b) => $"{a} {op} {b}")),
            (1, inner.Select(c => $"({c})")),
            (1, inner.Select(c => $"not ({c})")));
    }

    private static readonly Gen<string> Citation = Gen.OneOf<string>(
        Gen.Const(string.Empty),
        Gen.OneOf<string>(" per nodeal#c3", " per nodeal#c9", " per nodeal \"China's price is Taiwan\"", " per nodeal#c4 \"not in the text\"", " per nowhere#c1"));

    private static readonly Gen<string> Statement = Gen.Frequency<string>(
        (5, Gen.Select(Gen.OneOf<string>("fact ", "fact not "), Atom(false), Citation, (f, a, c) => f + a + c)),
        (3, Gen.Select(Gen.OneOf<string>(Valued), Actor, Literal, Citation, (r, a, v, c) => $"fact {r}({a}) = {v}{c}")),
        (3, Gen.Select(Atom(false), Gen.OneOf<string>(string.Empty, " in [low, high]", " in [1, 2, 3]", " with probability 0.3", " with probability 2"), (a, tail) => $"assume {a}{tail}")),
        (6, Gen.Select(Gen.Int[0, 99], Gen.OneOf<string>(string.Empty, "(x: actor)", "(x: actor, y: actor)", "(x: level)"), Gen.OneOf<string>(string.Empty, " overrides r1", " overrides r3, r1"),
            Condition(3, variables: true), Atom(true), Gen.OneOf<string>(string.Empty, " unless p", " unless not q(x)"),
            (n, vars, over, cond, head, unless) => $"rule r{n}{vars}{over}:\n  if {cond}\n  then {head}{unless}")),
        (2, Gen.Select(Condition(2, variables: false), Atom(false), (cond, head) => $"if {cond} then not {head}")),
        (2, Gen.Select(Gen.OneOf<string>(Valued), Condition(1, variables: false), Value(false), (r, cond, v) => $"if {cond} then {r}(US) = {v}")),
        (3, Gen.Select(Condition(2, variables: false), Gen.OneOf<string>(string.Empty, " in all scenarios", " in some scenario"), (c, q) => $"expect {c}{q}")),
        (1, Atom(false).Select(a => $"expect \"label\": conflict on {a} in some scenario")),
        (1, Gen.OneOf<string>("type actor = US | Russia (Russian) | China | EU", "type level = low | high", "scale level = none < low < high < vital", "scale stake = a < b")),
        (1, Gen.OneOf<string>("import \"000-no-deal-left.policy\"", "import \"vocabulary.policy\"", "import \"fuzz.policy\"", "import \"../seeds\"", "import \"/etc/passwd\"")),
        (1, Gen.OneOf<string>("source nodeal = \"../seeds/000-no-deal-left.md\"", "source nodeal = \"../seeds\"", "source x = \"/dev/zero\"", "argument \"Fuzz\" requires sources")));

    private static readonly Gen<string> Scenario = Gen.Select(Gen.OneOf<string>("a", "b", "a"), Statement.Array[0, 4],
        (name, body) => $"scenario \"{name}\" {{\n  {string.Join("\n  ", body)}\n}}");

    /// <summary>A whole argument: a vocabulary, then statements and scenario blocks in any order.</summary>
    public static readonly Gen<string> Program = Gen.Select(
        Gen.OneOf<string>("type actor = US | Russia (Russian) | China | EU\nscale level = none < low < high < vital\n", string.Empty),
        Gen.Frequency<string>((6, Statement), (1, Scenario)).Array[0, 14],
        (vocabulary, statements) => vocabulary + string.Join("\n", statements) + "\n");

    private static readonly Gen<string> Junk = Gen.OneOf<string>(
        Gen.Char.Array[1, 6].Select(c => new string(c)),
        Gen.OneOf<string>("\r", "\n", "\r\n", "\t", "\u001b[2J", "\u0007", "\u202e", "\uFFFD", "\ud800", "{", "}", "(", ")", "\"", "//", "#", ":", "=", " and ", " not ", " then ", "$", "%", "\0"));

    /// <summary>A sample, mutated by a few edits: what a broken save, a bad merge or a hostile pull request makes of a file.</summary>
    public static readonly Gen<string> Mutant = Gen.Select(Gen.Int[0, Seeds.Count - 1], Gen.Int[0, Seeds.Count - 1], Gen.Int[1, 4], Gen.UInt, Junk,
        (a, b, edits, seed, junk) => Mutate(Seeds[a], Seeds[b], edits, seed, junk));

    // ------------------------------------------------------------ well-typed arguments, which get evaluated

    private const string Vocabulary =
        "type actor = US | Russia | China | EU\nscale level = none < low < high < vital\n" +
        "fact p\nassume q\nfact tension_rises\nfact deal(US, Russia)\nfact not deal(US, China)\nfact pressure(US)\nassume needs(China)\n" +
        "fact price(Russia) = vital\nassume price(China) in [low, high]\nfact offer(US, Russia) = low\nfact tariff(China) = 57%\nfact trade(China) = $237B\n";

    private static Gen<string> ActorOf(string[] variables) => variables.Length == 0 ? Actor : Gen.OneOf<string>([.. variables, .. variables, "US", "China"]);

    private static Gen<string> TypedAtom(string[] variables, bool concluded = false)
    {
        var actor = ActorOf(variables);
        return Gen.OneOf<string>(
            Gen.OneOf<string>(concluded ? ["r_out", "s_out", "tension_rises"] : ["p", "q", "tension_rises", "r_out", "s_out"]),
            Gen.Select(Gen.OneOf<string>(concluded ? ["hit", "pressure"] : ["pressure", "needs", "hit"]), actor, (r, a) => $"{r}({a})"),
            Gen.Select(actor, actor, (a, b) => $"deal({a}, {b})"));
    }

    private static Gen<string> TypedCompare(string[] variables)
    {
        var actor = ActorOf(variables);
        return Gen.OneOf<string>(
            Gen.Select(actor, Gen.OneOf<string>("<", "<=", ">", "=", "!="), Gen.OneOf<string>(Levels), (a, op, l) => $"price({a}) {op} {l}"),
            Gen.Select(actor, actor, (a, b) => $"offer(US, {a}) < price({b})"),
            Gen.Select(Gen.OneOf<string>("+", "-", "*", "/"), Gen.OneOf<string>("$1B", "$0", "$79228162514264337593543950335", "$5T"), Gen.OneOf<string>(">", "<"),
                (op, m, cmp) => $"trade(China) {op} {(op is "*" or "/" ? "2" : m)} {cmp} $100B"),
            Gen.OneOf<string>("tariff(China) > 50%", "tariff(China) * 2 > 100%"));
    }

    private static Gen<string> TypedCondition(int depth, string[] variables)
    {
        var leaf = Gen.Frequency<string>((4, TypedAtom(variables)), (2, TypedAtom(variables).Select(a => "not " + a)), (2, TypedCompare(variables)));
        if (depth <= 0)
        {
            return leaf;
        }

        var inner = TypedCondition(depth - 1, variables);
        return Gen.Frequency<string>(
            (4, leaf),
            (2, Gen.Select(inner, Gen.OneOf<string>("and", "or"), inner, (a, op, b) => $"{a} {op} {b}")),
            (1, inner.Select(c => $"not ({c})")));
    }

    private static Gen<string> TypedRule(string header, string[] variables) =>
        Gen.Select(Gen.Int[2, 999], Gen.OneOf<string>(string.Empty, string.Empty, " overrides r1"), TypedCondition(2, variables), Gen.OneOf<string>("then", "then not"),
            TypedAtom(variables, concluded: true), Gen.OneOf<string>(string.Empty, " unless q", variables.Length > 0 ? $" unless needs({variables[0]})" : " unless needs(EU)"),
            (n, over, cond, then, head, unless) => $"rule r{n}{header}{over}:\n  if {cond}\n  {then} {head}{unless}");

    private static readonly Gen<string> TypedStatement = Gen.Frequency<string>(
        (2, TypedRule(string.Empty, [])),
        (3, TypedRule("(x: actor)", ["x"])),
        (2, TypedRule("(x: actor, y: actor)", ["x", "y"])),
        (2, Gen.Select(TypedCondition(1, []), Gen.OneOf<string>("r_out", "s_out", "hit(Russia)", "not hit(China)"), (c, h) => $"if {c} then {h}")),
        (3, Gen.Select(TypedCondition(1, []), Gen.OneOf<string>(string.Empty, " in all scenarios", " in some scenario"), (c, q) => $"expect {c}{q}")),
        (1, TypedAtom([]).Select(a => $"expect conflict on {a} in some scenario")),
        (1, Gen.Select(Gen.OneOf<string>("a", "b"), Gen.OneOf<string>("fact not q", "fact needs(China)", "fact price(China) = low", "assume pressure(EU)"), TypedCondition(1, []),
            (name, premise, claim) => $"scenario \"{name}\" {{\n  {premise}\n  expect {claim}\n}}")));

    /// <summary>An argument that mostly binds: a fixed vocabulary and premises, then rules, expectations and scenarios over them.</summary>
    public static readonly Gen<string> TypedProgram = TypedStatement.Array[1, 12].Select(statements => Vocabulary + "rule r1: if p then s_out\nif q then hit(EU)\n" + string.Join("\n", statements) + "\n");

    /// <summary>Generated arguments (well-typed and wild) and mutated samples.</summary>
    public static readonly Gen<string> Any = Gen.Frequency<string>((3, TypedProgram), (2, Program), (3, Mutant));

    private static string Mutate(string text, string other, int edits, uint seed, string junk)
    {
        var random = new Random((int)seed);
        var builder = new StringBuilder(text);
        for (var e = 0; e < edits; e++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            var length = builder.Length == 0 ? 0 : random.Next(1, Math.Min(40, builder.Length - at) + 1);
            switch (random.Next(5))
            {
                case 0:
                    if (builder.Length > 0)
                    {
                        builder[at] = (char)(builder[at] ^ (1 << random.Next(7)));
                    }

                    break;
                case 1:
                    builder.Insert(at, junk);
                    break;
                case 2:
                    builder.Remove(at, Math.Min(length, builder.Length - at));
                    break;
                case 3:
                    builder.Insert(at, builder.ToString(at, Math.Min(length, builder.Length - at)));
                    break;
                default:
                    var lines = other.Split('\n');
                    builder.Insert(at, lines[random.Next(lines.Length)] + "\n");
                    break;
            }
        }

        return builder.ToString();
    }
}
