namespace WitSharp.Wasm.Tests.Binary;

public class Leb128Tests
{
    private static WasmReader Reader(byte[] bytes) => new(bytes, 100, "unexpected end", "test");

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0x80, 0x00 }, 0u)] // non-minimal but within 5 bytes is allowed
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)]
    public void Unsigned32DecodesValidEncodings(byte[] bytes, uint expected)
    {
        var reader = Reader(bytes);
        Assert.Equal(expected, reader.ReadVarUInt32());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long", 104)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, "integer too large", 104)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, "integer too large", 104)]
    [InlineData(new byte[] { 0x80, 0x80 }, "unexpected end", 102)]
    public void Unsigned32RejectsMalformedEncodings(byte[] bytes, string reason, long offset)
    {
        var error = Assert.Throws<MalformedModuleException>(() => Reader(bytes).ReadVarUInt32());
        Assert.Equal(reason, error.Reason);
        Assert.Equal(offset, error.Offset);
        Assert.Contains("test", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x3F }, 63)]
    [InlineData(new byte[] { 0x40 }, -64)]
    [InlineData(new byte[] { 0xFF, 0x7F }, -1)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1)]
    public void Signed32DecodesValidEncodings(byte[] bytes, int expected)
    {
        var reader = Reader(bytes);
        Assert.Equal(expected, reader.ReadVarInt32());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "integer too large")] // sign bit clear, unused bits set
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, "integer too large")] // sign bit clear but unused bits set
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x18 }, "integer too large")] // sign bit set, unused bits not
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "integer representation too long")]
    public void Signed32RejectsMalformedEncodings(byte[] bytes, string reason)
    {
        var error = Assert.Throws<MalformedModuleException>(() => Reader(bytes).ReadVarInt32());
        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1L)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }, long.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F }, long.MinValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, 0L)]
    [InlineData(new byte[] { 0xC0, 0xBB, 0x78 }, -123456L)]
    public void Signed64DecodesValidEncodings(byte[] bytes, long expected)
    {
        var reader = Reader(bytes);
        Assert.Equal(expected, reader.ReadVarInt64());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "integer too large")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7E }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    public void Signed64RejectsMalformedEncodings(byte[] bytes, string reason)
    {
        var error = Assert.Throws<MalformedModuleException>(() => Reader(bytes).ReadVarInt64());
        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 0xFFFF_FFFFL)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, -0x1_0000_0000L)]
    [InlineData(new byte[] { 0x40 }, -64L)]
    public void Signed33CoversTheFullTypeIndexRange(byte[] bytes, long expected)
    {
        var reader = Reader(bytes);
        Assert.Equal(expected, reader.ReadVarInt33());
    }

    [Fact]
    public void Signed33RejectsUnusedBitsThatDoNotExtendTheSign()
    {
        var error = Assert.Throws<MalformedModuleException>(() => Reader([0x80, 0x80, 0x80, 0x80, 0x20]).ReadVarInt33());
        Assert.Equal("integer too large", error.Reason);
    }

    [Fact]
    public void ReadNameRejectsInvalidUtf8AndOverlongLengths()
    {
        Assert.Equal("malformed UTF-8 encoding", Assert.Throws<MalformedModuleException>(() => Reader([0x02, 0xC0, 0x80]).ReadName()).Reason);
        Assert.Equal("malformed UTF-8 encoding", Assert.Throws<MalformedModuleException>(() => Reader([0x03, 0xED, 0xA0, 0x80]).ReadName()).Reason);
        Assert.Equal("length out of bounds", Assert.Throws<MalformedModuleException>(() => Reader([0x05, 0x61]).ReadName()).Reason);
        Assert.Equal("é", Reader([0x02, 0xC3, 0xA9]).ReadName());
    }
}
