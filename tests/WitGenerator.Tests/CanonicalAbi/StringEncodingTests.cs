using System.Text;
using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.WitGenerator.Tests.Loopback;

namespace WitSharp.WitGenerator.Tests.CanonicalAbi;

/// <summary>LowerString/LiftString in the three canonical string encodings, checked byte for byte.</summary>
public sealed class StringEncodingTests
{
    private static (CanonicalOptions Options, ArrayMemory Memory) Options(StringEncoding encoding)
    {
        var memory = new ArrayMemory(16384);
        var next = 8;
        return (new CanonicalOptions(memory, (_, _, alignment, size) =>
        {
            next = (next + alignment - 1) & -alignment;
            var pointer = next;
            next += size;
            return pointer;
        }, encoding, new ResourceTables()), memory);
    }

    [Fact]
    public void Utf16_is_little_endian_code_units_with_the_code_unit_count()
    {
        var (options, memory) = Options(StringEncoding.Utf16);
        var pointer = CanonicalValues.LowerString(options, "ř🐴", out var length);
        Assert.Equal(3, length);
        Assert.Equal(0, pointer % 2);
        Assert.Equal(new byte[] { 0x59, 0x01, 0x3D, 0xD8, 0x34, 0xDC }, memory.Bytes.Slice(pointer, 6).ToArray());
        Assert.Equal("ř🐴", CanonicalValues.LiftString(options, pointer, length));
    }

    [Fact]
    public void Latin1_text_stays_one_byte_per_character_without_the_utf16_tag()
    {
        var (options, memory) = Options(StringEncoding.Latin1Utf16);
        var pointer = CanonicalValues.LowerString(options, "café ÿ", out var length);
        Assert.Equal(6, length);
        Assert.Equal(Encoding.Latin1.GetBytes("café ÿ"), memory.Bytes.Slice(pointer, 6).ToArray());
        Assert.Equal("café ÿ", CanonicalValues.LiftString(options, pointer, length));
    }

    [Fact]
    public void Text_beyond_latin1_is_utf16_with_bit_31_set_in_the_length()
    {
        var (options, memory) = Options(StringEncoding.Latin1Utf16);
        var pointer = CanonicalValues.LowerString(options, "aŁ", out var length);
        Assert.Equal(unchecked((int)0x8000_0002), length);
        Assert.Equal(new byte[] { 0x61, 0x00, 0x41, 0x01 }, memory.Bytes.Slice(pointer, 4).ToArray());
        Assert.Equal("aŁ", CanonicalValues.LiftString(options, pointer, length));
    }

    [Theory]
    [InlineData(StringEncoding.Utf8)]
    [InlineData(StringEncoding.Utf16)]
    [InlineData(StringEncoding.Latin1Utf16)]
    public void Unpaired_surrogate_from_the_host_is_rejected_in_every_encoding(StringEncoding encoding)
    {
        var (options, _) = Options(encoding);
        Assert.Throws<EncoderFallbackException>(() => CanonicalValues.LowerString(options, "a\uD800b", out _));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    public void Utf8_round_trips_and_rejects_bad_input_below_and_above_the_stack_buffer(int repeats)
    {
        var (options, memory) = Options(StringEncoding.Utf8);
        var text = string.Concat(Enumerable.Repeat("ž🐴", repeats));
        var pointer = CanonicalValues.LowerString(options, text, out var length);
        Assert.Equal(Encoding.UTF8.GetBytes(text), memory.Bytes.Slice(pointer, length).ToArray());
        Assert.Equal(text, CanonicalValues.LiftString(options, pointer, length));

        memory.Bytes[pointer + length - 2] = 0xFF;
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LiftString(options, pointer, length));
        Assert.Equal($"string (ptr=0x{pointer:x}, len={length}) is not valid UTF-8 at byte offset {length - 4}", trap.Message);
        Assert.Throws<EncoderFallbackException>(() => CanonicalValues.LowerString(options, text + "\uDC00", out _));
    }

    [Fact]
    public void Utf16_from_the_guest_with_an_unpaired_surrogate_traps()
    {
        var (options, memory) = Options(StringEncoding.Utf16);
        memory.StoreU16(16, 0xDC00);
        var trap = Assert.Throws<CanonicalAbiTrapException>(() => CanonicalValues.LiftString(options, 16, 1));
        Assert.Equal("string (ptr=0x10, len=1) has an unpaired UTF-16 surrogate at code unit 0", trap.Message);
    }

    [Fact]
    public void Empty_string_lowers_to_a_zero_length_in_every_encoding()
    {
        foreach (var encoding in new[] { StringEncoding.Utf8, StringEncoding.Utf16, StringEncoding.Latin1Utf16 })
        {
            var (options, _) = Options(encoding);
            var pointer = CanonicalValues.LowerString(options, "", out var length);
            Assert.Equal(0, length);
            Assert.Equal("", CanonicalValues.LiftString(options, pointer, length));
        }
    }
}
