using System;

namespace WitSharp.Toml
{
    /// <summary>The kind of a <see cref="TomlValue"/>.</summary>
    public enum TomlValueKind
    {
        /// <summary><see cref="TomlString"/>.</summary>
        String,

        /// <summary><see cref="TomlInteger"/>.</summary>
        Integer,

        /// <summary><see cref="TomlFloat"/>.</summary>
        Float,

        /// <summary><see cref="TomlBoolean"/>.</summary>
        Boolean,

        /// <summary><see cref="TomlDateTime"/> (any of its four kinds).</summary>
        DateTime,

        /// <summary><see cref="TomlArray"/>.</summary>
        Array,

        /// <summary><see cref="TomlTable"/>.</summary>
        Table,
    }

    /// <summary>
    /// A TOML value. Scalars (<see cref="TomlString"/>, <see cref="TomlInteger"/>, <see cref="TomlFloat"/>,
    /// <see cref="TomlBoolean"/>, <see cref="TomlDateTime"/>) are immutable: edit a document by assigning a new
    /// value to a key. Containers (<see cref="TomlTable"/>, <see cref="TomlArray"/>) are mutable and belong to at
    /// most one parent. Values parsed from text remember their <see cref="Position"/> and their exact source text,
    /// which the writer reproduces verbatim while the value is untouched.
    /// </summary>
    public abstract class TomlValue
    {
        private protected TomlValue()
        {
        }

        /// <summary>The kind of value.</summary>
        public abstract TomlValueKind Kind { get; }

        /// <summary>Where the value starts in the parsed text; null for values created in code.</summary>
        public TomlPosition? Position { get; internal set; }

        /// <summary>The TOML name of the kind, as used in error messages ("string", "integer", ...).</summary>
        public string KindName => NameOf(Kind);

        /// <summary>For a scalar parsed from text: its exact source text, written back while the value is untouched.</summary>
        internal string? SourceText { get; set; }

        /// <summary>The container holding this container value, or null (scalars are never tracked: they may be shared).</summary>
        internal TomlValue? Parent { get; set; }

        /// <summary>The key under which a container value sits in its parent table (null inside an array or at the root).</summary>
        internal string? KeyInParent { get; set; }

        /// <summary>Converts a string to a <see cref="TomlString"/>.</summary>
        public static implicit operator TomlValue(string value) => new TomlString(value);

        /// <summary>Converts an integer to a <see cref="TomlInteger"/>.</summary>
        public static implicit operator TomlValue(long value) => new TomlInteger(value);

        /// <summary>Converts a double to a <see cref="TomlFloat"/>.</summary>
        public static implicit operator TomlValue(double value) => new TomlFloat(value);

        /// <summary>Converts a boolean to a <see cref="TomlBoolean"/>.</summary>
        public static implicit operator TomlValue(bool value) => new TomlBoolean(value);

        /// <summary>Converts a date-time with offset to an offset <see cref="TomlDateTime"/>.</summary>
        public static implicit operator TomlValue(DateTimeOffset value) => new TomlDateTime(value);

        /// <summary>The value as inline TOML text (what would follow "key = ").</summary>
        public override string ToString() => TomlWriter.FormatValue(this);

        /// <summary>
        /// True when both values have the same TOML meaning: same kinds, equal scalars (floats compare bit-wise except
        /// that every NaN equals every NaN), equal elements in order and equal tables (key order ignored).
        /// </summary>
        public static bool SemanticallyEqual(TomlValue? left, TomlValue? right) => TomlEquality.Equal(left, right);

        /// <summary>This value as a string.</summary>
        /// <exception cref="TomlException">It is another kind (the message names the value's position).</exception>
        public string AsString() => As<TomlString>(TomlValueKind.String, null).Value;

        /// <summary>This value as an integer.</summary>
        /// <exception cref="TomlException">It is another kind.</exception>
        public long AsInteger() => As<TomlInteger>(TomlValueKind.Integer, null).Value;

        /// <summary>This value as a float (integers are not converted: TOML keeps the two apart).</summary>
        /// <exception cref="TomlException">It is another kind.</exception>
        public double AsFloat() => As<TomlFloat>(TomlValueKind.Float, null).Value;

        /// <summary>This value as a boolean.</summary>
        /// <exception cref="TomlException">It is another kind.</exception>
        public bool AsBoolean() => As<TomlBoolean>(TomlValueKind.Boolean, null).Value;

        /// <summary>This value as a date/time.</summary>
        /// <exception cref="TomlException">It is another kind.</exception>
        public TomlDateTime AsDateTime() => As<TomlDateTime>(TomlValueKind.DateTime, null);

        /// <summary>This value as an array.</summary>
        /// <exception cref="TomlException">It is another kind.</exception>
        public TomlArray AsArray() => As<TomlArray>(TomlValueKind.Array, null);

        /// <summary>This value as a table.</summary>
        /// <exception cref="TomlException">It is another kind.</exception>
        public TomlTable AsTable() => As<TomlTable>(TomlValueKind.Table, null);

        internal T As<T>(TomlValueKind expected, string? key)
            where T : TomlValue
        {
            if (this is T typed)
            {
                return typed;
            }

            var what = key is null ? "value" : $"'{key}'";
            throw new TomlException(
                $"expected {what} to be {Article(expected)} {NameOf(expected)}, found {Article(Kind)} {KindName}",
                Position ?? default);
        }

        private static string Article(TomlValueKind kind) =>
            kind == TomlValueKind.Integer || kind == TomlValueKind.Array ? "an" : "a";

        internal static string NameOf(TomlValueKind kind) => kind switch
        {
            TomlValueKind.String => "string",
            TomlValueKind.Integer => "integer",
            TomlValueKind.Float => "float",
            TomlValueKind.Boolean => "boolean",
            TomlValueKind.DateTime => "date-time",
            TomlValueKind.Array => "array",
            _ => "table",
        };
    }

    /// <summary>A TOML string (any of the four source forms).</summary>
    public sealed class TomlString : TomlValue
    {
        /// <summary>Creates a string value.</summary>
        public TomlString(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

        /// <summary>The string after escape processing.</summary>
        public string Value { get; }

        /// <inheritdoc />
        public override TomlValueKind Kind => TomlValueKind.String;
    }

    /// <summary>A TOML integer (64-bit signed; decimal, hex, octal or binary in the source).</summary>
    public sealed class TomlInteger : TomlValue
    {
        /// <summary>Creates an integer value.</summary>
        public TomlInteger(long value) => Value = value;

        /// <summary>The integer.</summary>
        public long Value { get; }

        /// <inheritdoc />
        public override TomlValueKind Kind => TomlValueKind.Integer;
    }

    /// <summary>A TOML float (IEEE 754 binary64, including inf and nan).</summary>
    public sealed class TomlFloat : TomlValue
    {
        /// <summary>Creates a float value.</summary>
        public TomlFloat(double value) => Value = value;

        /// <summary>The float.</summary>
        public double Value { get; }

        /// <inheritdoc />
        public override TomlValueKind Kind => TomlValueKind.Float;
    }

    /// <summary>A TOML boolean.</summary>
    public sealed class TomlBoolean : TomlValue
    {
        /// <summary>Creates a boolean value.</summary>
        public TomlBoolean(bool value) => Value = value;

        /// <summary>The boolean.</summary>
        public bool Value { get; }

        /// <inheritdoc />
        public override TomlValueKind Kind => TomlValueKind.Boolean;
    }
}
