using System.Globalization;

namespace WitSharp.Wit
{
    /// <summary>One kind of diagnostic: a stable id and a message format.</summary>
    internal sealed class WitDiagnosticDescriptor
    {
        public WitDiagnosticDescriptor(string id, string format, WitDiagnosticSeverity severity = WitDiagnosticSeverity.Error)
        {
            Id = id;
            Format = format;
            Severity = severity;
        }

        public string Id { get; }
        public string Format { get; }
        public WitDiagnosticSeverity Severity { get; }

        public WitDiagnostic Create(WitLocation? location, params object[] args) =>
            new WitDiagnostic(Id, Severity, string.Format(CultureInfo.InvariantCulture, Format, args), location);
    }

    /// <summary>Every diagnostic the front end reports, in one place. WIT00xx: text and tokens; WIT01xx: syntax; WIT02xx: names and meaning.</summary>
    internal static class WitDiagnosticDescriptors
    {
        // Text and tokens.
        public static readonly WitDiagnosticDescriptor InvalidUtf8 = new WitDiagnosticDescriptor("WIT0001", "the file is not valid UTF-8: this byte sequence does not decode to a character");
        public static readonly WitDiagnosticDescriptor UnexpectedCharacter = new WitDiagnosticDescriptor("WIT0002", "unexpected character {0} in WIT source");
        public static readonly WitDiagnosticDescriptor UnterminatedComment = new WitDiagnosticDescriptor("WIT0003", "block comment is not closed: add '*/'");
        public static readonly WitDiagnosticDescriptor InvalidIdentifier = new WitDiagnosticDescriptor("WIT0004", "'{0}' is not a valid WIT identifier: {1}");
        public static readonly WitDiagnosticDescriptor EmptyFile = new WitDiagnosticDescriptor("WIT0005", "the file is empty: a WIT package needs at least a `package namespace:name;` declaration");
        public static readonly WitDiagnosticDescriptor UnterminatedString = new WitDiagnosticDescriptor("WIT0006", "string literal is not closed: add '\"'");
        public static readonly WitDiagnosticDescriptor CouldNotReadFile = new WitDiagnosticDescriptor("WIT0007", "could not read '{0}': {1}");

        // Syntax.
        public static readonly WitDiagnosticDescriptor UnexpectedToken = new WitDiagnosticDescriptor("WIT0100", "expected {0}, found {1}");
        public static readonly WitDiagnosticDescriptor KeywordAsIdentifier = new WitDiagnosticDescriptor("WIT0101", "'{0}' is a keyword: write '%{0}' to use it as a name");
        public static readonly WitDiagnosticDescriptor TypeAtTopLevel = new WitDiagnosticDescriptor("WIT0102", "'{0}' cannot be declared at package top level: types and functions belong inside an `interface` or a `world`");
        public static readonly WitDiagnosticDescriptor VariantCaseWithColon = new WitDiagnosticDescriptor("WIT0103", "variant case '{0}' is written `name: type`; a case payload is written `{0}(type)`");
        public static readonly WitDiagnosticDescriptor EmptyTupleType = new WitDiagnosticDescriptor("WIT0104", "`()` is not a WIT type: write `_` for an absent result case (`result<_, e>`), or leave out the result type");
        public static readonly WitDiagnosticDescriptor NotSupported = new WitDiagnosticDescriptor("WIT0105", "not supported yet by WitSharp: {0}");
        public static readonly WitDiagnosticDescriptor InvalidVersion = new WitDiagnosticDescriptor("WIT0106", "'{0}' is not a valid semantic version (expected major.minor.patch, e.g. 1.2.3 or 0.1.0-pre+build)");
        public static readonly WitDiagnosticDescriptor UnknownGate = new WitDiagnosticDescriptor("WIT0107", "unknown attribute '@{0}': expected @since, @unstable or @deprecated");
        public static readonly WitDiagnosticDescriptor MisplacedPackageDeclaration = new WitDiagnosticDescriptor("WIT0108", "the `package` declaration must be the first item of a file");
        public static readonly WitDiagnosticDescriptor NamedResults = new WitDiagnosticDescriptor("WIT0109", "a function returns a single type: named or multiple results `-> (a: t, ...)` are no longer WIT; return a record or tuple");
        public static readonly WitDiagnosticDescriptor InvalidGate = new WitDiagnosticDescriptor("WIT0110", "invalid gate: {0}");
        public static readonly WitDiagnosticDescriptor NestingTooDeep = new WitDiagnosticDescriptor("WIT0112", "type expressions nest more than {0} levels deep");
        public static readonly WitDiagnosticDescriptor TooComplex = new WitDiagnosticDescriptor("WIT0113", "the WIT input is too deeply chained to resolve (type alias or reference chains exhaust the stack)");
        public static readonly WitDiagnosticDescriptor UnknownPrimitive = new WitDiagnosticDescriptor("WIT0111", "'{0}' is not a WIT type: integers go up to 64 bits (s8..s64, u8..u64) and floats are f32/f64");

        // Names and meaning.
        public static readonly WitDiagnosticDescriptor MissingPackageDeclaration = new WitDiagnosticDescriptor("WIT0200", "no `package` declaration in the files of '{0}': one of them must start with `package namespace:name;`");
        public static readonly WitDiagnosticDescriptor ConflictingPackageDeclarations = new WitDiagnosticDescriptor("WIT0201", "this file declares package '{0}' but another file of the same folder declares '{1}'");
        public static readonly WitDiagnosticDescriptor DuplicatePackage = new WitDiagnosticDescriptor("WIT0202", "package '{0}' is defined more than once");
        public static readonly WitDiagnosticDescriptor UnknownPackage = new WitDiagnosticDescriptor("WIT0203", "package '{0}' was not found: put it in a `deps/` folder next to this package{1}");
        public static readonly WitDiagnosticDescriptor UnknownInterface = new WitDiagnosticDescriptor("WIT0204", "interface '{0}' is not defined in {1}{2}");
        public static readonly WitDiagnosticDescriptor UnknownName = new WitDiagnosticDescriptor("WIT0205", "'{0}' is not defined{1}");
        public static readonly WitDiagnosticDescriptor DuplicateName = new WitDiagnosticDescriptor("WIT0206", "{0} '{1}' is defined more than once{2}");
        public static readonly WitDiagnosticDescriptor TypeCycle = new WitDiagnosticDescriptor("WIT0207", "type '{0}' refers to itself ({1}); WIT types cannot be recursive");
        public static readonly WitDiagnosticDescriptor NotAType = new WitDiagnosticDescriptor("WIT0208", "'{0}' is {1}, not a type");
        public static readonly WitDiagnosticDescriptor UnknownUsedName = new WitDiagnosticDescriptor("WIT0209", "interface '{0}' has no type named '{1}'{2}");
        public static readonly WitDiagnosticDescriptor BorrowInResult = new WitDiagnosticDescriptor("WIT0210", "function '{0}' returns a borrowed handle (borrow<{1}>): borrow<> is only allowed in parameters");
        public static readonly WitDiagnosticDescriptor HandleOfNonResource = new WitDiagnosticDescriptor("WIT0211", "'{0}' is not a resource: own<> and borrow<> need a resource type");
        public static readonly WitDiagnosticDescriptor WorldNameConflict = new WitDiagnosticDescriptor("WIT0212", "world '{0}' {1} '{2}' more than once");
        public static readonly WitDiagnosticDescriptor DuplicateConstructor = new WitDiagnosticDescriptor("WIT0213", "resource '{0}' has more than one constructor");
        public static readonly WitDiagnosticDescriptor EmptyType = new WitDiagnosticDescriptor("WIT0214", "{0} must have at least one {1}");
        public static readonly WitDiagnosticDescriptor TooManyFlags = new WitDiagnosticDescriptor("WIT0215", "flags '{0}' has {1} flags; at most 32 are allowed");
        public static readonly WitDiagnosticDescriptor UnknownWorld = new WitDiagnosticDescriptor("WIT0216", "world '{0}' is not defined in {1}{2}");
        public static readonly WitDiagnosticDescriptor InterfaceCycle = new WitDiagnosticDescriptor("WIT0217", "'{0}' depends on itself ({1})");
        public static readonly WitDiagnosticDescriptor ConstructorResult = new WitDiagnosticDescriptor("WIT0218", "constructor of '{0}' must return nothing or `result<{0}, error>`");
        public static readonly WitDiagnosticDescriptor UnknownIncludeName = new WitDiagnosticDescriptor("WIT0219", "world '{0}' has no import or export named '{1}' to rename");
        public static readonly WitDiagnosticDescriptor PackageCycle = new WitDiagnosticDescriptor("WIT0221", "package '{0}' depends on itself ({1})");
        public static readonly WitDiagnosticDescriptor NoSources = new WitDiagnosticDescriptor("WIT0222", "no .wit files were given");
        public static readonly WitDiagnosticDescriptor AmbiguousWorld = new WitDiagnosticDescriptor("WIT0223", "world name '{0}' is ambiguous: {1}");
        public static readonly WitDiagnosticDescriptor WorldNotFound = new WitDiagnosticDescriptor("WIT0224", "world '{0}' was not found{1}");
        public static readonly WitDiagnosticDescriptor NotAnInterface = new WitDiagnosticDescriptor("WIT0226", "'{0}' is a world, not an interface");
        public static readonly WitDiagnosticDescriptor UnstableReference = new WitDiagnosticDescriptor("WIT0227", "{0} '{1}' is gated by @unstable(feature = {2}) and is dropped unless that feature is enabled, so this reference would dangle: gate the referring item with @unstable too (world-level functions and types cannot refer to unstable types at all)");
        public static readonly WitDiagnosticDescriptor UngatedTypeInUnstableOwner = new WitDiagnosticDescriptor("WIT0228", "type '{0}' is inside @unstable {1} '{2}', which is left out while feature {3} is off, but the type itself is kept: gate it with @unstable(feature = {3}) too (wasm-tools rejects it otherwise)");
        public static readonly WitDiagnosticDescriptor IncompatibleExportDependencies = new WitDiagnosticDescriptor("WIT0229", "exported interface '{0}' would see an interface both as an import and as an export along its `use` chain (exports are checked in order, like wit-parser); export the interfaces in between too, or export this one earlier");
        public static readonly WitDiagnosticDescriptor MultiplePackageDocs = new WitDiagnosticDescriptor("WIT0230", "package '{0}' has doc comments on its `package` declaration in more than one file: keep them in one file");
        public static readonly WitDiagnosticDescriptor NotAWorld = new WitDiagnosticDescriptor("WIT0231", "'{0}' is an interface, not a world");
        public static readonly WitDiagnosticDescriptor PackageMismatchInPath = new WitDiagnosticDescriptor("WIT0225", "'{0}' refers to package '{1}' but only version(s) {2} are available");
    }
}
