namespace WitSharp.Wit
{
    /// <summary>How bad a diagnostic is.</summary>
    public enum WitDiagnosticSeverity
    {
        /// <summary>Worth knowing; the model is still usable.</summary>
        Warning,

        /// <summary>The input is not valid WIT; no model is produced.</summary>
        Error,
    }

    /// <summary>A problem found in WIT input. Ids (<c>WIT0001</c>...) are stable; all of them are listed in src/Wit/README.md.</summary>
    public sealed class WitDiagnostic
    {
        internal WitDiagnostic(string id, WitDiagnosticSeverity severity, string message, WitLocation? location)
        {
            Id = id;
            Severity = severity;
            Message = message;
            Location = location;
        }

        /// <summary>The stable diagnostic id, e.g. <c>WIT0101</c>.</summary>
        public string Id { get; }

        /// <summary>Error or warning.</summary>
        public WitDiagnosticSeverity Severity { get; }

        /// <summary>A sentence a person understands, naming the offending item.</summary>
        public string Message { get; }

        /// <summary>Where the problem is; null only for problems that concern no file (e.g. no input at all).</summary>
        public WitLocation? Location { get; }

        /// <summary>Formats like a compiler message: <c>path(line,col): error WIT0101: message</c>.</summary>
        public override string ToString()
        {
            var severity = Severity == WitDiagnosticSeverity.Error ? "error" : "warning";
            var where = Location == null ? "" : Location + ": ";
            return where + severity + " " + Id + ": " + Message;
        }
    }
}
