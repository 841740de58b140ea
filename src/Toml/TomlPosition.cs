using System;

namespace WitSharp.Toml
{
    /// <summary>A place in a TOML source: file (optional), 1-based line and 1-based column.</summary>
    public readonly struct TomlPosition : IEquatable<TomlPosition>
    {
        /// <summary>Creates a position.</summary>
        public TomlPosition(string? sourcePath, int line, int column)
        {
            SourcePath = sourcePath;
            Line = line;
            Column = column;
        }

        /// <summary>The file, or null when the text did not come from a file.</summary>
        public string? SourcePath { get; }

        /// <summary>1-based line.</summary>
        public int Line { get; }

        /// <summary>1-based column in UTF-16 code units.</summary>
        public int Column { get; }

        /// <summary>"path:line:column", or "line L, column C" without a path.</summary>
        public override string ToString() =>
            SourcePath is null ? $"line {Line}, column {Column}" : $"{SourcePath}:{Line}:{Column}";

        /// <inheritdoc />
        public bool Equals(TomlPosition other) =>
            SourcePath == other.SourcePath && Line == other.Line && Column == other.Column;

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is TomlPosition other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => ((SourcePath?.GetHashCode() ?? 0) * 31 + Line) * 31 + Column;
    }
}
