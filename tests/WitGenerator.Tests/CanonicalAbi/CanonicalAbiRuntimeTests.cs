using System.Text;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.WitGenerator.Tests.CanonicalAbi;

public sealed class CanonicalAbiRuntimeTests
{
    private sealed class ArrayMemory(int size) : GuestMemory
    {
        private readonly byte[] bytes = new byte[size];

        public override Span<byte> Bytes => bytes;
    }

    [Fact]
    public void Loads_and_stores_are_little_endian()
    {
        var memory = new ArrayMemory(64);
        memory.StoreU32(8, 0x11223344);
        Assert.Equal(0x44, memory.LoadU8(8));
        Assert.Equal(0x11223344u, memory.LoadU32(8));
        memory.StoreU64(16, 0x0102030405060708);
        Assert.Equal(0x0708, memory.LoadU16(16));
        Assert.Equal(0x0102030405060708ul, memory.LoadU64(16));
    }

    [Fact]
    public void Out_of_bounds_string_traps_with_pointer_length_and_size()
    {
        var memory = new ArrayMemory(65536);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LiftUtf8String(memory, 0xFFF0, 40));
        Assert.Equal("string (ptr=0xfff0, len=40) is out of bounds of guest memory (size 65536)", trap.Message);
    }

    [Fact]
    public void Pointer_above_two_gigabytes_is_treated_as_unsigned_and_traps()
    {
        var memory = new ArrayMemory(64);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => memory.LoadU32(unchecked((int)0x80000000)));
        Assert.Contains("ptr=0x80000000", trap.Message);
    }

    [Fact]
    public void Misaligned_load_traps()
    {
        var memory = new ArrayMemory(64);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => memory.LoadU32(2));
        Assert.Equal("u32 (ptr=0x2) is not aligned to 4 bytes", trap.Message);
    }

    [Fact]
    public void Utf8_string_round_trips_non_ascii_text()
    {
        var memory = new ArrayMemory(64);
        var encoded = Encoding.UTF8.GetBytes("žluťoučký 🐴");
        encoded.CopyTo(memory.Bytes[4..]);
        Assert.Equal("žluťoučký 🐴", CanonicalValues.LiftUtf8String(memory, 4, encoded.Length));
    }

    [Fact]
    public void Invalid_utf8_traps_with_offset()
    {
        var memory = new ArrayMemory(64);
        memory.StoreU8(0, (byte)'a');
        memory.StoreU8(1, 0xC3);
        memory.StoreU8(2, (byte)'b');
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LiftUtf8String(memory, 0, 3));
        Assert.StartsWith("string (ptr=0x0, len=3) is not valid UTF-8", trap.Message);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(255, true)]
    [InlineData(-1, true)]
    public void Bool_lifts_zero_as_false_and_any_other_value_as_true(int core, bool expected) =>
        Assert.Equal(expected, CanonicalValues.LiftBool(core));

    [Theory]
    [InlineData(0xD800)]
    [InlineData(0x110000)]
    [InlineData(-1)]
    public void Surrogate_or_out_of_range_char_traps(int core) =>
        Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LiftChar(core));

    [Fact]
    public void Char_lifts_astral_scalar() => Assert.Equal(new Rune(0x1F434), CanonicalValues.LiftChar(0x1F434));

    [Fact]
    public void Discriminant_out_of_range_traps()
    {
        Assert.Equal(2, CanonicalValues.CheckDiscriminant(2, 3, "plugin-error"));
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.CheckDiscriminant(3, 3, "plugin-error"));
        Assert.Equal("discriminant 3 is out of range for plugin-error (3 cases)", trap.Message);
    }
}

public sealed class Utf16LiftingTests
{
    private sealed class ArrayMemory(byte[] bytes) : GuestMemory
    {
        public override Span<byte> Bytes => bytes;
    }

    [Fact]
    public void Utf16_string_with_surrogate_pair_round_trips()
    {
        var bytes = new byte[32];
        Encoding.Unicode.GetBytes("aé🐴").CopyTo(bytes, 4);
        Assert.Equal("aé🐴", CanonicalValues.LiftUtf16String(new ArrayMemory(bytes), 4, 4));
    }

    [Fact]
    public void Unpaired_surrogate_traps_with_code_unit_index()
    {
        var bytes = new byte[8];
        bytes[0] = (byte)'a';
        bytes[2] = 0x00;
        bytes[3] = 0xD8;
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LiftUtf16String(new ArrayMemory(bytes), 0, 2));
        Assert.Equal("string (ptr=0x0, len=2) has an unpaired UTF-16 surrogate at code unit 1", trap.Message);
    }

    [Fact]
    public void Misaligned_utf16_string_traps()
    {
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LiftUtf16String(new ArrayMemory(new byte[8]), 1, 1));
        Assert.Equal("string (ptr=0x1) is not aligned to 2 bytes", trap.Message);
    }
}

public sealed class StringLoweringTests
{
    /// <summary>A guest whose realloc bumps a pointer through a fixed buffer, or always returns a forced pointer.</summary>
    private sealed class BumpGuest
    {
        private int next = 16;

        public BumpGuest(int size, int? forcedPointer = null)
        {
            Memory = new ByteMemory(new byte[size]);
            Options = new CanonicalOptions(Memory, (_, _, alignment, newSize) =>
            {
                if (forcedPointer is { } pointer)
                {
                    return pointer;
                }

                next = (next + alignment - 1) & -alignment;
                var result = next;
                next += newSize;
                return result;
            }, StringEncoding.Utf8, new ResourceTables());
        }

        public GuestMemory Memory { get; }

        public CanonicalOptions Options { get; }

        private sealed class ByteMemory(byte[] bytes) : GuestMemory
        {
            public override Span<byte> Bytes => bytes;
        }
    }

    [Fact]
    public void Utf8_lowering_allocates_and_lifts_back()
    {
        var guest = new BumpGuest(256);
        var pointer = CanonicalValues.LowerUtf8String(guest.Options, "Grüße, 世界", out var length);
        Assert.Equal(16, pointer);
        Assert.Equal(Encoding.UTF8.GetByteCount("Grüße, 世界"), length);
        Assert.Equal("Grüße, 世界", CanonicalValues.LiftUtf8String(guest.Memory, pointer, length));
    }

    [Fact]
    public void Realloc_returning_out_of_bounds_pointer_traps()
    {
        var guest = new BumpGuest(64, forcedPointer: 60);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LowerUtf8String(guest.Options, "hello", out _));
        Assert.Equal("cabi_realloc result (ptr=0x3c, len=5) is out of bounds of guest memory (size 64)", trap.Message);
    }

    [Fact]
    public void Byte_list_lowers_and_lifts_back()
    {
        var guest = new BumpGuest(64);
        var pointer = CanonicalValues.LowerBytes(guest.Options, new byte[] { 1, 2, 255 });
        Assert.Equal(new byte[] { 1, 2, 255 }, CanonicalValues.LiftBytes(guest.Memory, pointer, 3));
    }

    [Fact]
    public void List_whose_byte_size_overflows_memory_traps()
    {
        var guest = new BumpGuest(64);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.CheckList(guest.Memory, 8, int.MaxValue, 16, 8));
        Assert.Equal($"list (ptr=0x8, len={(long)int.MaxValue * 16}) is out of bounds of guest memory (size 64)", trap.Message);
    }

    [Fact]
    public void Realloc_returning_misaligned_pointer_traps()
    {
        var guest = new BumpGuest(64, forcedPointer: 3);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => guest.Options.Realloc(0, 0, 4, 8));
        Assert.Equal("cabi_realloc result (ptr=0x3) is not aligned to 4 bytes", trap.Message);
    }
}

public sealed class Latin1OrUtf16LiftingTests
{
    private sealed class ArrayMemory(byte[] bytes) : GuestMemory
    {
        public override Span<byte> Bytes => bytes;
    }

    [Fact]
    public void Untagged_length_is_latin1()
    {
        var bytes = new byte[8];
        bytes[2] = (byte)'c';
        bytes[3] = 0xE9;
        Assert.Equal("cé", CanonicalValues.LiftLatin1OrUtf16String(new ArrayMemory(bytes), 2, 2));
    }

    [Fact]
    public void Tagged_length_is_utf16()
    {
        var bytes = new byte[8];
        Encoding.Unicode.GetBytes("Ω").CopyTo(bytes, 0);
        Assert.Equal("Ω", CanonicalValues.LiftLatin1OrUtf16String(new ArrayMemory(bytes), 0, unchecked((int)0x80000001)));
    }
}

/// <summary>
/// CanonicalABI.md's load_string_from_range traps when a string's byte length exceeds MAX_STRING_BYTE_LENGTH
/// (2^28 - 1), before it looks at alignment or bounds; a length at the limit reaches the bounds check of this small memory.
/// </summary>
public sealed class StringLengthLimitTests
{
    private const string Limit = "is longer than the Canonical ABI's limit of 268435455 bytes";

    private static readonly GuestMemory Memory = new SmallMemory();

    private sealed class SmallMemory : GuestMemory
    {
        private readonly byte[] bytes = new byte[64];

        public override Span<byte> Bytes => bytes;
    }

    [Fact]
    public void Utf8()
    {
        Assert.Equal("string (ptr=0x1, len=268435456) " + Limit, Lift(() => CanonicalValues.LiftUtf8String(Memory, 1, 1 << 28)));
        Assert.EndsWith("is out of bounds of guest memory (size 64)", Lift(() => CanonicalValues.LiftUtf8String(Memory, 1, (1 << 28) - 1)));
    }

    [Fact]
    public void Utf16_CountsTwoBytesPerCodeUnit()
    {
        Assert.Equal("string (ptr=0x1, len=268435456) " + Limit, Lift(() => CanonicalValues.LiftUtf16String(Memory, 1, 1 << 27)));
        Assert.Equal("string (ptr=0x1) is not aligned to 2 bytes", Lift(() => CanonicalValues.LiftUtf16String(Memory, 1, (1 << 27) - 1)));
        Assert.Equal("string (ptr=0x0, len=8589934590) " + Limit, Lift(() => CanonicalValues.LiftUtf16String(Memory, 0, -1)));
    }

    [Fact]
    public void Latin1OrUtf16_BothForms()
    {
        Assert.Equal("string (ptr=0x0, len=268435456) " + Limit, Lift(() => CanonicalValues.LiftLatin1OrUtf16String(Memory, 0, 1 << 28)));
        Assert.EndsWith("is out of bounds of guest memory (size 64)", Lift(() => CanonicalValues.LiftLatin1OrUtf16String(Memory, 0, (1 << 28) - 1)));
        Assert.Equal("string (ptr=0x0, len=268435456) " + Limit, Lift(() => CanonicalValues.LiftLatin1OrUtf16String(Memory, 0, unchecked((int)(0x80000000u | (1u << 27))))));
        Assert.EndsWith("is out of bounds of guest memory (size 64)", Lift(() => CanonicalValues.LiftLatin1OrUtf16String(Memory, 0, unchecked((int)(0x80000000u | ((1u << 27) - 1))))));
    }

    private static string Lift(Func<string> lift) => Assert.Throws<CanonicalAbiTrapException>(lift).Message;
}
