using System;

namespace WitSharp.Toml
{
    /// <summary>
    /// A TOML text is malformed, or a value does not have the shape a caller asked for. Carries the source position
    /// (1-based line and column, column counted in UTF-16 code units) and the file the text came from, if known.
    /// </summary>
    public sealed class TomlException : Exception
    {
        /// <summary>Creates an exception for <paramref name="reason"/> at <paramref name="position"/>.</summary>
        public TomlException(string reason, TomlPosition position, Exception? innerException = null)
            : base(Format(reason, position), innerException)
        {
            Reason = reason;
            Position = position;
        }

        /// <summary>The problem, without the position prefix.</summary>
        public string Reason { get; }

        /// <summary>Where the problem is.</summary>
        public TomlPosition Position { get; }

        /// <summary>1-based line of the problem.</summary>
        public int Line => Position.Line;

        /// <summary>1-based column of the problem.</summary>
        public int Column => Position.Column;

        /// <summary>The file the text came from, or null when it was parsed from a string without a path.</summary>
        public string? SourcePath => Position.SourcePath;

        private static string Format(string reason, TomlPosition position) => position + ": " + reason;
    }
}
