using System.Text;
using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.HostRuntime.Tests.Components.StringsWorld;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Corpus/strings (a C guest whose glue speaks string-encoding=utf16 or latin1+utf16, built once with each) driven
/// through the bindings generated from Corpus/strings.wit: strings cross in both directions as parameters, results,
/// list elements, record fields and variant payloads, the host picks Latin-1 or UTF-16 as CanonicalABI.md's
/// latin1+utf16 intends, and malformed strings from the guest trap as load_string_from_range specifies.
/// </summary>
public sealed class StringEncodingRuntimeTests
{
    private const string Utf16 = "utf16";
    private const string CompactUtf16 = "compact-utf16";

    private static readonly Engine Engine = new();
    private static readonly Dictionary<string, Component> Builds = new()
    {
        [Utf16] = Component.FromBytes(Engine, TestFiles.Corpus("strings.utf16.component.wasm")),
        [CompactUtf16] = Component.FromBytes(Engine, TestFiles.Corpus("strings.compact-utf16.component.wasm")),
    };

    private readonly Host host = new();

    public static TheoryData<string> Encodings() => new(Utf16, CompactUtf16);

    public static TheoryData<string, string> EncodingsAndTexts()
    {
        var data = new TheoryData<string, string>();
        foreach (var encoding in new[] { Utf16, CompactUtf16 })
        {
            foreach (var text in new[] { "", "plain", "Grüße", "ÿ\u0080\u00A0", "Ā", "日本語", "🐴", "a🐴b", "žluťoučký kůň 🐴 日本語" })
            {
                data.Add(encoding, text);
            }
        }

        return data;
    }

    [Fact]
    public void EachBuild_UsesItsEncodingInEveryCanonOption()
    {
        Assert.Equal(CanonicalAbi.StringEncoding.Utf16, Instance(Utf16).GetFunction(null, "echo").Options.StringEncoding);
        Assert.Equal(CanonicalAbi.StringEncoding.Latin1Utf16, Instance(CompactUtf16).GetFunction(null, "echo").Options.StringEncoding);
    }

    [Theory]
    [MemberData(nameof(EncodingsAndTexts))]
    public void Strings_RoundTrip(string encoding, string text) => Assert.Equal(text, Guest(encoding).Echo(text));

    [Theory]
    [MemberData(nameof(Encodings))]
    public void LongStrings_RoundTrip(string encoding)
    {
        var guest = Guest(encoding);
        var latin1 = string.Concat(Enumerable.Repeat("Grüße ", 17_000));
        var astral = string.Concat(Enumerable.Repeat("ab€🐴", 20_000));

        Assert.Equal(latin1, guest.Echo(latin1));
        Assert.Equal(astral, guest.Echo(astral));
        Assert.Equal(100_000, astral.Length);
    }

    [Theory]
    [MemberData(nameof(EncodingsAndTexts))]
    public void HostLowering_IsLatin1ExactlyWhenEveryCharacterFits(string encoding, string text)
    {
        var layout = Guest(encoding).Inspect(text);

        Assert.Equal(encoding == Utf16 || text.Any(c => c > '\u00FF'), layout.Utf16);
        Assert.Equal(text.Select(c => (ushort)c), layout.Units);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void GuestStrings_LiftInEitherForm(string encoding)
    {
        var guest = Guest(encoding);
        ushort[] grüße = [.. "Grüße".Select(c => (ushort)c)];

        Assert.Equal("Grüße", guest.Make(grüße, utf16: true));
        Assert.Equal("Grüße", guest.Make(grüße, utf16: false));
        Assert.Equal("", guest.Make([], utf16: true));
        Assert.Equal("", guest.Make([], utf16: false));
        Assert.Equal("\u0080\u009F", guest.Make([0x80, 0x9F], utf16: false)); // every byte is a Latin-1 character
        Assert.Equal("🐴", guest.Make([0xD83D, 0xDC34], utf16: true));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ListsOfStrings_BothDirections(string encoding)
    {
        var guest = Guest(encoding);
        string[] parts = ["Grüße", "", "日本", "🐴", "plain"];

        Assert.Equal(string.Join("·", parts), guest.Join(parts, "·"));
        Assert.Equal(string.Join("", parts), guest.Join(parts, ""));
        Assert.Equal("", guest.Join([], "·"));
        Assert.Equal("a,Grüße,,日本🐴,".Split(','), guest.Split("a,Grüße,,日本🐴,", ','));
        Assert.Equal([""], guest.Split("", ','));
        var many = Enumerable.Range(0, 2000).Select(i => i % 3 == 0 ? $"ü{i}" : $"日{i}🐴").ToArray();
        Assert.Equal(many, guest.Split(string.Join("|", many), '|'));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void RecordsAndVariants_CarryStrings(string encoding)
    {
        var guest = Guest(encoding);

        Assert.Equal(new Entry("値🐴", "Schlüssel", 8), guest.Swap(new Entry("Schlüssel", "値🐴", 7)));
        Assert.Equal(new Entry("", "", 0), guest.Swap(new Entry("", "", uint.MaxValue)));
        Assert.Equal(new Token.Pair(new Entry("Grüße", "Grüße", 5)), guest.Transform(new Token.Word("Grüße")));
        Assert.Equal(new Token.Pair(new Entry("🐴", "🐴", 2)), guest.Transform(new Token.Word("🐴")));
        Assert.Equal(new Token.Word("ä=日本"), guest.Transform(new Token.Pair(new Entry("ä", "日本", 3))));
        Assert.Equal(new Token.Number(43), guest.Transform(new Token.Number(42)));
        Assert.Equal(new Token.End(), guest.Transform(new Token.End()));
    }

    [Theory]
    [MemberData(nameof(EncodingsAndTexts))]
    public void HostImport_StringsBothDirections(string encoding, string text)
    {
        var layout = Guest(encoding).Relay([.. text.Select(c => (ushort)c)], utf16: true);

        Assert.Equal([text], host.Decorated);
        Assert.Equal(encoding == Utf16 || text.Any(c => c > '\u00FF'), layout.Utf16);
        Assert.Equal($"«{text}»".Select(c => (ushort)c), layout.Units);
    }

    [Fact]
    public void HostImport_LiftsALatin1Argument()
    {
        var layout = Guest(CompactUtf16).Relay([.. "Grüße".Select(c => (ushort)c)], utf16: false);

        Assert.Equal(["Grüße"], host.Decorated);
        Assert.False(layout.Utf16);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void HostImport_ListOfStringsResult(string encoding)
    {
        var guest = Guest(encoding);

        Assert.Equal(["Grüße", "日本", "🐴", "", "x"], guest.RelayWords("Grüße 日本 🐴  x"));
        var words = string.Join(" ", Enumerable.Range(0, 5000).Select(i => i % 2 == 0 ? $"ÿ{i}" : $"Ā{i}"));
        Assert.Equal(words.Split(' '), guest.RelayWords(words));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void HostStringWithAnUnpairedSurrogate_IsAHostError(string encoding)
    {
        var error = Assert.Throws<EncoderFallbackException>(() => Guest(encoding).Echo("a\uD800"));
        Assert.Equal("the string has an unpaired UTF-16 surrogate at index 1, so it is not a WIT string", error.Message);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void HostStringOverTheByteLimit_IsAHostErrorThatLeavesTheInstanceUsable(string encoding)
    {
        var guest = Guest(encoding);

        // 2^27 code units take 2^28 bytes in UTF-16, one more than MAX_STRING_BYTE_LENGTH; refused before the guest allocates.
        var error = Assert.Throws<ArgumentException>(() => guest.Echo(new string('日', 1 << 27)));

        Assert.Equal("the string takes 268435456 bytes in UTF-16, more than the Canonical ABI's limit of 268435455 bytes (Parameter 'value')", error.Message);
        Assert.Equal("日本", guest.Echo("日本"));
    }

    /// <summary>load_string_from_range decodes 'utf-16-le' strictly: an unpaired surrogate is a UnicodeError, so a trap.</summary>
    [Theory]
    [InlineData(Utf16, new ushort[] { 0xD800 }, 0)]
    [InlineData(Utf16, new ushort[] { 'a', 0xDC34 }, 1)]
    [InlineData(Utf16, new ushort[] { 0xDC34, 0xD83D }, 0)]
    [InlineData(CompactUtf16, new ushort[] { 'a', 'b', 0xD83D }, 2)]
    [InlineData(CompactUtf16, new ushort[] { 0xDFFF, 'x' }, 0)]
    public void GuestStringWithAnUnpairedSurrogate_Traps(string encoding, ushort[] units, int at)
    {
        var (victim, bystander) = (Guest(encoding), Guest(encoding));

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.Make(units, utf16: true));

        Assert.Matches($@"^string \(ptr=0x[0-9a-f]+, len={units.Length}\) has an unpaired UTF-16 surrogate at code unit {at}$", trap.Message);
        AssertUnaffected(bystander);
    }

    [Theory]
    [InlineData(Utf16, 1, "is not aligned to 2 bytes")]
    [InlineData(Utf16, 2, "len=4294967298) is longer than the Canonical ABI's limit of 268435455 bytes")]
    [InlineData(Utf16, 3, "is out of bounds of guest memory")]
    [InlineData(CompactUtf16, 1, "is not aligned to 2 bytes")]
    [InlineData(CompactUtf16, 2, "len=4294967294) is longer than the Canonical ABI's limit of 268435455 bytes")]
    [InlineData(CompactUtf16, 3, "is out of bounds of guest memory")]
    public void MalformedStringResult_Traps(string encoding, uint mode, string expected)
    {
        var (victim, bystander) = (Guest(encoding), Guest(encoding));
        Assert.Equal("ok", victim.BadString(0));

        var trap = Assert.Throws<CanonicalAbiTrapException>(() => victim.BadString(mode));

        Assert.Contains(expected, trap.Message);
        AssertUnaffected(bystander);
    }

    [Theory]
    [InlineData(Utf16, 1, "is not aligned to 2 bytes")]
    [InlineData(Utf16, 2, "len=4294967298) is longer than the Canonical ABI's limit of 268435455 bytes")]
    [InlineData(Utf16, 3, "is out of bounds of guest memory")]
    [InlineData(CompactUtf16, 1, "is not aligned to 2 bytes")] // Latin-1 text must be 2-aligned too
    [InlineData(CompactUtf16, 2, "len=4294967294) is longer than the Canonical ABI's limit of 268435455 bytes")]
    [InlineData(CompactUtf16, 3, "is out of bounds of guest memory")]
    public void MalformedArgumentToAHostImport_TrapsTheGuestCall(string encoding, uint mode, string expected)
    {
        var (victim, bystander) = (Guest(encoding), Guest(encoding));
        victim.RelayBad(0);
        Assert.Equal(["ok"], host.Decorated);

        var trap = Assert.Throws<TrapException>(() => victim.RelayBad(mode));

        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.Contains(expected, Assert.IsType<CanonicalAbiTrapException>(trap.InnerException).Message);
        Assert.Equal(["ok"], host.Decorated);
        AssertUnaffected(bystander);
    }

    [Theory]
    [InlineData(Utf16, new ushort[] { 'a', 0xD800 }, 1)]
    [InlineData(CompactUtf16, new ushort[] { 0xDC00 }, 0)]
    public void UnpairedSurrogateArgumentToAHostImport_TrapsTheGuestCall(string encoding, ushort[] units, int at)
    {
        var (victim, bystander) = (Guest(encoding), Guest(encoding));

        var trap = Assert.Throws<TrapException>(() => victim.Relay(units, utf16: true));

        Assert.Equal(TrapKind.HostFunctionFailed, trap.Kind);
        Assert.EndsWith($"has an unpaired UTF-16 surrogate at code unit {at}", Assert.IsType<CanonicalAbiTrapException>(trap.InnerException).Message);
        Assert.Empty(host.Decorated);
        AssertUnaffected(bystander);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void RandomStrings_RoundTrip(string encoding)
    {
        var guest = Guest(encoding);
        var random = new Random(20261123);
        for (var round = 0; round < 200; round++)
        {
            var text = RandomText(random, random.Next(0, 30));
            Assert.Equal(text, guest.Echo(text));
            var layout = guest.Inspect(text);
            Assert.Equal(encoding == Utf16 || text.Any(c => c > '\u00FF'), layout.Utf16);
            var parts = Enumerable.Range(0, random.Next(0, 6)).Select(_ => RandomText(random, random.Next(0, 8))).ToArray();
            Assert.Equal(string.Join("/", parts), guest.Join(parts, "/"));
            var entry = new Entry(RandomText(random, random.Next(0, 8)), RandomText(random, random.Next(0, 8)), (uint)round);
            Assert.Equal(new Entry(entry.Value, entry.Key, entry.Weight + 1), guest.Swap(entry));
        }
    }

    /// <summary>Random text, mostly Latin-1 so that both forms of latin1+utf16 occur, with BMP and astral scalar values.</summary>
    private static string RandomText(Random random, int length)
    {
        var latin1Only = random.Next(2) == 0;
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var scalar = (latin1Only ? random.Next(2) : random.Next(4)) switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0x80, 0x100),
                2 => random.Next(0x100, 0xD800),
                _ => random.Next(0x10000, 0x110000),
            };
            text.Append(new Rune(scalar).ToString());
        }

        return text.ToString();
    }

    private ComponentInstance Instance(string encoding)
    {
        var linker = new ComponentLinker(Engine);
        RegisterImports(linker, host);
        return linker.Instantiate(new Store(Engine), Builds[encoding]);
    }

    private Exports Guest(string encoding) => new(Instance(encoding));

    /// <summary>A trap in one instance leaves another instance of the same component working.</summary>
    private static void AssertUnaffected(Exports bystander)
    {
        Assert.Equal("Grüße 🐴", bystander.Echo("Grüße 🐴"));
        Assert.Equal(["ü", "日"], bystander.RelayWords("ü 日"));
    }

    private sealed class Host : IImports
    {
        public List<string> Decorated { get; } = [];

        public string HostDecorate(string s)
        {
            Decorated.Add(s);
            return $"«{s}»";
        }

        public IReadOnlyList<string> HostWords(string text) => text.Split(' ');
    }
}
