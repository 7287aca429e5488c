using FluentAssertions;
using PolicyDsl.Dsl.Syntax;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Syntax;

/// <summary>The canonical layout, construct by construct; idempotence and meaning on every file are tested with the evaluator.</summary>
public sealed class PolicyFormatterTests
{
    private static string Format(string text) => PolicyFormatter.Format("t.policy", text).Text!;

    [Fact]
    public void Statements_start_in_the_first_column_and_continuations_are_indented_by_two()
    {
        Format("   fact   p\n\t rule   r(x:  actor):\n        if q(x)   and\n p\n  then    s(x)\n      per analyst  \"a  reason  kept\"\n")
            .Should().Be("fact p\nrule r(x: actor):\n  if q(x) and\n  p\n  then s(x)\n  per analyst \"a  reason  kept\"\n");
    }

    [Fact]
    public void Cited_one_line_premises_have_their_per_in_one_column_and_longer_ones_two_spaces_after()
    {
        var long50 = "fact " + new string('a', 47);
        Format($"fact p per s#c1 \"x\"\nassume q     per s#c2\n{long50} per s#c3\nfact r\n")
            .Should().Be($"fact p{new string(' ', 46)}per s#c1 \"x\"\nassume q{new string(' ', 44)}per s#c2\n{long50}  per s#c3\nfact r\n");
    }

    [Fact]
    public void Comments_stay_where_they_are_and_blank_lines_become_one_at_most()
    {
        Format("\n\n// heading   comment\n\n\n\nfact p    //  after  code\n  // before q\nfact q\n\n\n")
            .Should().Be("// heading   comment\n\nfact p  //  after  code\n// before q\nfact q\n");
    }

    [Fact]
    public void A_scenario_block_has_its_header_its_statements_indented_and_its_brace_alone()
    {
        Format("scenario   \"s\"  {  fact p\n fact q per s#c1\n\n\n expect  p }  // end\nfact r\r\n")
            .Should().Be("scenario \"s\" {\n  fact p\n  fact q" + new string(' ', 44) + "per s#c1\n\n  expect p\n}  // end\nfact r\n");
    }

    [Fact]
    public void A_file_with_syntax_errors_is_refused_with_them()
    {
        var result = PolicyFormatter.Format("t.policy", "fact price(Russia = vital\nfatc p\n");
        result.Refused.Should().BeTrue();
        result.Errors.Select(e => e.Code).Should().OnlyContain(c => c == "PD0001").And.HaveCount(2);
    }

    [Fact]
    public void Formatting_a_formatted_file_changes_nothing()
    {
        var once = Format("scenario \"s\" {\nfact p   per s#c1 \"q  q\"\n}\nrule r:\n if p\n then q   // why\n");
        Format(once).Should().Be(once);
    }
}
