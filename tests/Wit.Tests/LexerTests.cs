using WitSharp.Wit.Syntax;

namespace WitSharp.Wit.Tests;

public class LexerTests
{
    private static (List<Token> Tokens, List<WitDiagnostic> Diagnostics) Lex(string text)
    {
        var diagnostics = new List<WitDiagnostic>();
        var tokens = Lexer.Tokenize(new SourceText(new WitSource("t.wit", text)), diagnostics);
        return (tokens, diagnostics);
    }

    [Fact]
    public void Tokens_CarryKindsAndSpans()
    {
        var (tokens, diagnostics) = Lex("record foo-bar {\n  a: list<u8>,\n}");
        Assert.Empty(diagnostics);
        Assert.Equal(
            [TokenKind.Record, TokenKind.Identifier, TokenKind.LeftBrace, TokenKind.Identifier, TokenKind.Colon, TokenKind.List,
             TokenKind.LeftAngle, TokenKind.U8, TokenKind.RightAngle, TokenKind.Comma, TokenKind.RightBrace, TokenKind.EndOfFile],
            tokens.Select(t => t.Kind));
        Assert.Equal((7, 7), (tokens[1].Offset, tokens[1].Length));
        Assert.Equal("foo-bar", tokens[1].Text);
    }

    [Fact]
    public void PercentEscape_MakesKeywordsIdentifiers()
    {
        var (tokens, diagnostics) = Lex("%record %foo record");
        Assert.Empty(diagnostics);
        Assert.Equal(TokenKind.Identifier, tokens[0].Kind);
        Assert.Equal("record", tokens[0].Text);
        Assert.True(tokens[0].Escaped);
        Assert.Equal(7, tokens[0].Length);
        Assert.Equal("foo", tokens[1].Text);
        Assert.Equal(TokenKind.Record, tokens[2].Kind);
    }

    [Fact]
    public void ArrowAfterIdentifier_IsNotPartOfTheName()
    {
        var (tokens, _) = Lex("a->b");
        Assert.Equal([TokenKind.Identifier, TokenKind.Arrow, TokenKind.Identifier, TokenKind.EndOfFile], tokens.Select(t => t.Kind));
    }

    [Fact]
    public void Versions_LexAsOneNumberToken_StoppingBeforeUseBraces()
    {
        var (tokens, _) = Lex("@1.2.3-rc.1+build.7;  @0.1.0.{x}");
        Assert.Equal("1.2.3-rc.1+build.7", tokens[1].Text);
        Assert.Equal("0.1.0", tokens[4].Text);
        Assert.Equal(TokenKind.Period, tokens[5].Kind);
    }

    [Fact]
    public void DocComments_AttachToTheNextToken_PlainCommentsDoNot()
    {
        var (tokens, _) = Lex("/// first\n/// second\n// plain\n//// four\n/** block\n  * more */\nrecord");
        Assert.Equal("first\nsecond\nblock\nmore", tokens[0].Docs);
        var (plain, _) = Lex("/* not */ // nor\nx");
        Assert.Null(plain[0].Docs);
    }

    [Fact]
    public void BlockComments_Nest()
    {
        var (tokens, diagnostics) = Lex("/* a /* b */ c */ x");
        Assert.Empty(diagnostics);
        Assert.Equal("x", tokens[0].Text);
    }

    [Fact]
    public void UnterminatedBlockComment_IsReportedAtItsStart()
    {
        var (_, diagnostics) = Lex("x\n  /* open /* nested */");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("WIT0003", diagnostic.Id);
        Assert.Equal((2, 3), (diagnostic.Location!.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void ReplacementCharacters_AreReportedAsInvalidUtf8_OncePerRun()
    {
        var (_, diagnostics) = Lex("x // bad \uFFFD\uFFFD here\ny \uFFFD");
        Assert.Equal(["WIT0001", "WIT0001"], diagnostics.Select(d => d.Id));
        Assert.Equal((1, 10), (diagnostics[0].Location!.Line, diagnostics[0].Location!.Column));
        Assert.Equal((2, 3), (diagnostics[1].Location!.Line, diagnostics[1].Location!.Column));
    }

    [Theory]
    [InlineData("$", "'$' (U+0024)")]
    [InlineData("\u0007", "(U+0007)")]
    [InlineData("\uD83D\uDE00", "'\uD83D\uDE00' (U+1F600)")]
    public void UnexpectedCharacters_AreNamed(string text, string described)
    {
        var (_, diagnostics) = Lex("a " + text + " b");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("WIT0002", diagnostic.Id);
        Assert.Contains(described, diagnostic.Message);
        Assert.Equal(3, diagnostic.Location!.Column);
    }

    [Fact]
    public void LoneSurrogate_IsAnUnexpectedCharacter()
    {
        var (_, diagnostics) = Lex("a " + (char)0xD800 + " b");
        Assert.Contains("(U+D800)", Assert.Single(diagnostics).Message);
    }

    [Theory]
    [InlineData("camelCase", "mixes upper and lower case")]
    [InlineData("a--b", "'-' must separate two words")]
    [InlineData("trailing-", "'-' must separate two words")]
    public void BadIdentifiers_AreReportedWithTheReason(string identifier, string reason)
    {
        var (_, diagnostics) = Lex("  " + identifier);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("WIT0004", diagnostic.Id);
        Assert.Contains(reason, diagnostic.Message);
        Assert.Equal((3, identifier.Length), (diagnostic.Location!.Column, diagnostic.Location.Length));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("XML-doc")]
    [InlineData("a1-b2")]
    [InlineData("name-2nd")]
    public void GoodIdentifiers_PassValidation(string identifier) => Assert.Null(Lexer.IdentifierProblem(identifier));

    [Fact]
    public void Locations_CountLinesAndColumnsFromOne()
    {
        var (tokens, _) = Lex("a\r\n  bc");
        var source = new SourceText(new WitSource("t.wit", "a\r\n  bc"));
        var location = source.Location(tokens[1].Offset, tokens[1].Length);
        Assert.Equal((2, 3, 2, 5), (location.Line, location.Column, location.EndLine, location.EndColumn));
    }
}
