using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace WitSharp.HostRuntime.CanonicalAbi;

/// <summary>Range checks and string lifting the generated bindings apply to values coming from a guest.</summary>
public static class CanonicalValues
{
    /// <summary>
    /// CanonicalABI.md's MAX_STRING_BYTE_LENGTH: a longer string traps when lifted even if memory holds it, so that any
    /// string that loads can be stored again in every encoding with a 32-bit byte count; a host string that long is
    /// refused (<see cref="ArgumentException"/>) when lowered.
    /// </summary>
    private const long MaxStringByteLength = (1 << 28) - 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Strings up to this many code units are transcoded through a stack buffer.</summary>
    private const int ScratchChars = 256;

    /// <summary>
    /// Lifts a bool from its core value: 0 is false and every other bit pattern is true, as the Canonical ABI's
    /// <c>convert_int_to_bool</c> specifies (guests may store any non-zero byte for true).
    /// </summary>
    public static bool LiftBool(int value) => value != 0;

    /// <summary>Lifts an f32: every NaN becomes the canonical NaN (bits <c>0x7fc00000</c>), as <c>canonicalize_nan32</c> specifies.</summary>
    public static float LiftF32(float value) => float.IsNaN(value) ? BitConverter.Int32BitsToSingle(0x7FC0_0000) : value;

    /// <summary>Lifts an f64: every NaN becomes the canonical NaN (bits <c>0x7ff8000000000000</c>), as <c>canonicalize_nan64</c> specifies.</summary>
    public static double LiftF64(double value) => double.IsNaN(value) ? BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000) : value;

    /// <summary>Lifts a char from its core i32; surrogates and values above 0x10FFFF trap.</summary>
    public static Rune LiftChar(int value)
    {
        if (!Rune.IsValid(value))
        {
            throw new CanonicalAbiTrapException($"char value 0x{(uint)value:x} is not a Unicode scalar value");
        }

        return new Rune(value);
    }

    /// <summary>Checks a variant/enum discriminant against the case count; out-of-range values trap.</summary>
    /// <param name="discriminant">The discriminant read from the guest.</param>
    /// <param name="caseCount">Number of cases of the type.</param>
    /// <param name="typeName">WIT type name, for the trap message.</param>
    public static int CheckDiscriminant(int discriminant, int caseCount, string typeName)
    {
        if ((uint)discriminant >= (uint)caseCount)
        {
            throw new CanonicalAbiTrapException(
                $"discriminant {(uint)discriminant} is out of range for {typeName} ({caseCount} cases)");
        }

        return discriminant;
    }

    /// <summary>Lifts a UTF-8 string (ptr, byte length) from guest memory; invalid UTF-8 traps.</summary>
    [SkipLocalsInit]
    public static string LiftUtf8String(GuestMemory memory, int pointer, int length)
    {
        var bytes = StringBytes(memory, pointer, (uint)length, 1);
        if (bytes.Length > ScratchChars)
        {
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException exception)
            {
                throw InvalidUtf8(pointer, length, exception.Index);
            }
        }

        // A short string is transcoded and validated in one pass through a stack buffer, instead of counting first:
        // UTF-16 never needs more code units than UTF-8 has bytes, so the buffer always suffices.
        Span<char> buffer = stackalloc char[ScratchChars];
        return Utf8.ToUtf16(bytes, buffer, out var read, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            ? new string(buffer[..written])
            : throw InvalidUtf8(pointer, length, read);
    }

    private static EncoderFallbackException UnpairedSurrogate(int index) =>
        new($"the string has an unpaired UTF-16 surrogate at index {index}, so it is not a WIT string");

    private static CanonicalAbiTrapException InvalidUtf8(int pointer, int length, int offset) =>
        new($"string (ptr=0x{(uint)pointer:x}, len={(uint)length}) is not valid UTF-8 at byte offset {offset}");

    /// <summary>Lifts a UTF-16 string (ptr, length in code units) from guest memory; unpaired surrogates trap.</summary>
    public static string LiftUtf16String(GuestMemory memory, int pointer, int codeUnits)
    {
        var bytes = StringBytes(memory, pointer, 2L * (uint)codeUnits, 2);
        var units = new char[(uint)codeUnits];
        for (var i = 0; i < units.Length; i++)
        {
            units[i] = (char)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8));
        }

        for (var i = 0; i < units.Length; i++)
        {
            if (char.IsHighSurrogate(units[i]) && i + 1 < units.Length && char.IsLowSurrogate(units[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(units[i]))
            {
                throw new CanonicalAbiTrapException(
                    $"string (ptr=0x{(uint)pointer:x}, len={(uint)codeUnits}) has an unpaired UTF-16 surrogate at code unit {i}");
            }
        }

        return new string(units);
    }

    /// <summary>
    /// Lowers a string as UTF-8 into a block allocated with the guest's <c>cabi_realloc</c>.
    /// A string with an unpaired surrogate is a host error and raises <see cref="EncoderFallbackException"/>.
    /// </summary>
    /// <param name="options">The canonical options of the function receiving the string.</param>
    /// <param name="value">The string to lower.</param>
    /// <param name="length">The byte length written.</param>
    /// <returns>The guest pointer of the UTF-8 bytes.</returns>
    [SkipLocalsInit]
    public static int LowerUtf8String(CanonicalOptions options, string value, out int length)
    {
        if (value.Length > ScratchChars)
        {
            length = StrictUtf8.GetByteCount(value);
            CheckLoweredLength(length, "UTF-8");
            var block = options.Realloc(0, 0, 1, length);
            StrictUtf8.GetBytes(value, options.Memory.Region("string", block, length, 1));
            return block;
        }

        // A short string is transcoded once into a worst-case scratch buffer (3 bytes per UTF-16 code unit), which
        // saves the counting pass; the guest block is then allocated at its exact size.
        Span<byte> scratch = stackalloc byte[3 * ScratchChars];
        if (Utf8.FromUtf16(value, scratch, out var read, out length, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw UnpairedSurrogate(read);
        }

        var pointer = options.Realloc(0, 0, 1, length);
        scratch[..length].CopyTo(options.Memory.Region("string", pointer, length, 1));
        return pointer;
    }

    /// <summary>
    /// Lifts a <c>latin1+utf16</c> string: when bit 31 of the tagged length is set the text is UTF-16 with the
    /// remaining bits as its code-unit count, otherwise it is Latin-1 with that many bytes. Both start 2-aligned.
    /// </summary>
    public static string LiftLatin1OrUtf16String(GuestMemory memory, int pointer, int taggedLength)
    {
        const uint Utf16Tag = 1u << 31;
        if (((uint)taggedLength & Utf16Tag) != 0)
        {
            return LiftUtf16String(memory, pointer, (int)((uint)taggedLength & ~Utf16Tag));
        }

        var bytes = StringBytes(memory, pointer, taggedLength, 2);
        var chars = new char[bytes.Length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return new string(chars);
    }

    /// <summary>The bytes of a string being lifted, checked in CanonicalABI.md's load_string_from_range order: length limit,
    /// alignment, bounds.</summary>
    private static Span<byte> StringBytes(GuestMemory memory, int pointer, long byteLength, int alignment)
    {
        if (byteLength > MaxStringByteLength)
        {
            throw new CanonicalAbiTrapException(
                $"string (ptr=0x{(uint)pointer:x}, len={byteLength}) is longer than the Canonical ABI's limit of {MaxStringByteLength} bytes");
        }

        var bytes = memory.Region("string", pointer, byteLength, alignment);
        memory.CountLifted(byteLength);
        return bytes;
    }

    /// <summary>Lifts a string in the function's <see cref="CanonicalOptions.StringEncoding"/>: the core pair is (pointer, byte length)
    /// for UTF-8, (pointer, code units) for UTF-16 and (pointer, tagged length) for <c>latin1+utf16</c>.</summary>
    /// <param name="options">The canonical options of the function the string comes from.</param>
    /// <param name="pointer">Guest address of the text.</param>
    /// <param name="length">The length as the encoding defines it.</param>
    public static string LiftString(CanonicalOptions options, int pointer, int length) => options.StringEncoding switch
    {
        StringEncoding.Utf16 => LiftUtf16String(options.Memory, pointer, length),
        StringEncoding.Latin1Utf16 => LiftLatin1OrUtf16String(options.Memory, pointer, length),
        _ => LiftUtf8String(options.Memory, pointer, length),
    };

    /// <summary>Lowers a string in the function's <see cref="CanonicalOptions.StringEncoding"/> into a block from the guest's
    /// <c>cabi_realloc</c>; <paramref name="length"/> receives the length as that encoding defines it (see <see cref="LiftString"/>).
    /// A string with an unpaired surrogate is not a sequence of Unicode scalar values: that host error raises
    /// <see cref="EncoderFallbackException"/> in every encoding, and so does (as <see cref="ArgumentException"/>) a string
    /// longer than the Canonical ABI's limit of 2^28-1 bytes in the encoding; a null string is an <see cref="ArgumentNullException"/>.</summary>
    /// <param name="options">The canonical options of the function receiving the string.</param>
    /// <param name="value">The string to lower.</param>
    /// <param name="length">The length written.</param>
    /// <returns>The guest pointer of the encoded text.</returns>
    public static int LowerString(CanonicalOptions options, string value, out int length)
    {
        // A WIT string has no null; say so instead of failing with a NullReferenceException inside the transcoder.
        ArgumentNullException.ThrowIfNull(value);
        return options.StringEncoding switch
        {
            StringEncoding.Utf16 => LowerUtf16String(options, value, out length),
            StringEncoding.Latin1Utf16 => LowerLatin1OrUtf16String(options, value, out length),
            _ => LowerUtf8String(options, value, out length),
        };
    }

    /// <summary>Lowers a string as UTF-16 (2-aligned, little-endian); <paramref name="length"/> receives the code-unit count.</summary>
    public static int LowerUtf16String(CanonicalOptions options, string value, out int length)
    {
        CheckLoweredLength(2L * value.Length, "UTF-16");
        if (FindUnpairedSurrogate(value) is var unpaired and >= 0)
        {
            throw UnpairedSurrogate(unpaired);
        }

        length = value.Length;
        var pointer = options.Realloc(0, 0, 2, 2 * value.Length);
        WriteUtf16(options.Memory.Region("string", pointer, 2L * value.Length, 2), value);
        return pointer;
    }

    /// <summary>
    /// Lowers a string as <c>latin1+utf16</c>: Latin-1 bytes when every character is at most U+00FF, otherwise UTF-16 with
    /// bit 31 of <paramref name="length"/> set (the code-unit count in the remaining bits). Both start 2-aligned.
    /// </summary>
    public static int LowerLatin1OrUtf16String(CanonicalOptions options, string value, out int length)
    {
        const int Utf16Tag = unchecked((int)(1u << 31));
        foreach (var character in value)
        {
            if (character > '\u00FF')
            {
                var pointer16 = LowerUtf16String(options, value, out length);
                length |= Utf16Tag;
                return pointer16;
            }
        }

        CheckLoweredLength(value.Length, "Latin-1");
        length = value.Length;
        var pointer = options.Realloc(0, 0, 2, value.Length);
        var bytes = options.Memory.Region("string", pointer, value.Length, 2);
        for (var i = 0; i < value.Length; i++)
        {
            bytes[i] = (byte)value[i];
        }

        return pointer;
    }

    /// <summary>The host may not hand a guest a string the guest could not hand back (store_string's limit); checked
    /// before the guest allocates anything.</summary>
    private static void CheckLoweredLength(long byteLength, string encoding)
    {
        if (byteLength > MaxStringByteLength)
        {
            throw new ArgumentException(
                $"the string takes {byteLength} bytes in {encoding}, more than the Canonical ABI's limit of {MaxStringByteLength} bytes", "value");
        }
    }

    /// <summary>The index of the first unpaired surrogate in <paramref name="value"/>, or -1 when it is a sequence of Unicode scalar values.</summary>
    internal static int FindUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void WriteUtf16(Span<byte> target, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            target[2 * i] = (byte)value[i];
            target[(2 * i) + 1] = (byte)(value[i] >> 8);
        }
    }

    /// <summary>Returns <paramref name="value"/>, a list or record the host lowers, or throws when it is null: a WIT value has no null.</summary>
    /// <param name="value">The value.</param>
    /// <param name="witType">Its WIT type, for the message, e.g. <c>list&lt;point&gt;</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static T NotNull<T>(T? value, string witType)
        where T : class => value ?? throw new ArgumentNullException(nameof(value), $"a {witType} value cannot be null");

    /// <summary>Checks a list's element block (ptr, element count) lies in memory, aligned; returns its byte offset.</summary>
    /// <param name="memory">Guest memory.</param>
    /// <param name="pointer">Guest address of the first element.</param>
    /// <param name="count">Number of elements.</param>
    /// <param name="elementSize">Canonical-ABI size of one element.</param>
    /// <param name="alignment">Canonical-ABI alignment of the element type.</param>
    public static int CheckList(GuestMemory memory, int pointer, int count, int elementSize, int alignment)
    {
        var byteLength = (long)(uint)count * elementSize;
        memory.Region("list", pointer, byteLength, alignment);
        memory.CountLifted(byteLength);
        return pointer;
    }

    /// <summary>Lifts a <c>list&lt;u8&gt;</c> as a copied byte array.</summary>
    public static byte[] LiftBytes(GuestMemory memory, int pointer, int count)
    {
        var bytes = memory.Region("list", pointer, (uint)count, 1).ToArray();
        memory.CountLifted(bytes.Length);
        return bytes;
    }

    /// <summary>Lowers a <c>list&lt;u8&gt;</c> into a block from the guest's <c>cabi_realloc</c>; returns its pointer.</summary>
    public static int LowerBytes(CanonicalOptions options, ReadOnlySpan<byte> value)
    {
        var pointer = options.Realloc(0, 0, 1, value.Length);
        value.CopyTo(options.Memory.Region("list", pointer, value.Length, 1));
        return pointer;
    }
}
