using FluentAssertions;
using PolicyDsl.Dsl.Sources;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Text;

/// <summary>The passage a citation points to, found as the citation checker finds it, with its quotation marked.</summary>
public sealed class SourcePassagesTests
{
    private const string Digest = "# A digest {#top}\n\nIntro words.\n\n## Claims\n\n### C1. First {#c1}\nThe author says   Moscow’s price\nis Ukraine. Moscow's price again.\n\n### C2. Second {#c2}\nOther words.\n";

    [Fact]
    public void An_anchored_claim_runs_to_the_next_anchor_and_marks_every_occurrence_of_the_quote_despite_case_spacing_and_quote_style()
    {
        var passage = SourcePassages.Find(Digest, "c1", "moscow's PRICE is ukraine")!;
        passage.Text.Should().Be("### C1. First\nThe author says   Moscow’s price\nis Ukraine. Moscow's price again.");
        passage.Marks.Select(m => passage.Text.Substring(m.Start, m.Length)).Should().Equal("Moscow’s price\nis Ukraine");
        SourcePassages.Find(Digest, "c1", "moscow's price")!.Marks.Should().HaveCount(2);
    }

    [Fact]
    public void Without_an_anchor_the_passage_is_the_paragraph_that_holds_the_quote()
    {
        var passage = SourcePassages.Find(Digest, null, "intro words")!;
        passage.Text.Should().Be("Intro words.");
        passage.Marks.Should().Equal(new PassageMark(0, 11));
    }

    [Fact]
    public void A_missing_anchor_or_quote_finds_nothing_and_the_title_is_the_first_heading()
    {
        SourcePassages.Find(Digest, "c9", null).Should().BeNull();
        SourcePassages.Find(Digest, null, "words nobody wrote").Should().BeNull();
        SourcePassages.Find(Digest, "c2", "words nobody wrote")!.Marks.Should().BeEmpty();
        SourcePassages.Title(Digest).Should().Be("A digest");
    }
}
