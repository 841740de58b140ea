using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace WitSharp.WitGenerator
{
    /// <summary>Every diagnostic the generator reports. WIT front-end errors keep their <c>WIT0xxx</c> ids; the generator's own are <c>WITG0xx</c>.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "WitSharp.WitGenerator";

        private static readonly ConcurrentDictionary<string, DiagnosticDescriptor> WitDescriptors = new ConcurrentDictionary<string, DiagnosticDescriptor>();

        public static readonly DiagnosticDescriptor WorldNotFound = new DiagnosticDescriptor(
            "WITG001", "WIT world not found", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NoWitFiles = new DiagnosticDescriptor(
            "WITG002", "No WIT files", "[WitWorld(\"{0}\")] needs the world's .wit files as AdditionalFiles, for instance <AdditionalFiles Include=\"wit/**/*.wit\" />, but the project has none",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ClassNotPartial = new DiagnosticDescriptor(
            "WITG003", "World class must be partial", "'{0}' carries [WitWorld] and must be declared partial so the bindings can be added to it",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ClassIsGeneric = new DiagnosticDescriptor(
            "WITG005", "World class must not be generic", "'{0}' carries [WitWorld] but it or a type containing it is generic; put the bindings on a non-generic partial class",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedConstruct = new DiagnosticDescriptor(
            "WITG004", "WIT construct not supported by the generator", "{0}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor GeneratorBug = new DiagnosticDescriptor(
            "WITG999", "Internal error in the WIT generator", "The WIT generator failed while generating '{0}' (this is a bug in WitSharp, please report it): {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        /// <summary>The descriptor for a WIT front-end diagnostic id; the message is the front end's own sentence.</summary>
        public static DiagnosticDescriptor ForWit(string id, bool isError) =>
            WitDescriptors.GetOrAdd(id + (isError ? "" : "w"), _ => new DiagnosticDescriptor(
                id, "Invalid WIT", "{0}", "WitSharp.Wit", isError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, isEnabledByDefault: true));
    }
}
