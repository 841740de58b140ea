namespace WitSharp.HostRuntime.Components;

/// <summary>
/// The lexical rules of import and export names (Explainer.md "Import and Export Definitions") and of the labels of
/// fields, cases, flags and parameters: kebab-case labels, <c>[constructor]</c>/<c>[method]</c>/<c>[static]</c>
/// annotations, interface names with an optional version, and the import-only dependency, URL and integrity names
/// wasm-tools accepts. Bindings turn these names into identifiers, so anything else is rejected.
/// </summary>
internal static class ExternNames
{
    private static readonly string[] ImportOnlyPrefixes = ["unlocked-dep=", "locked-dep=", "url=", "integrity="];

    /// <summary>Why <paramref name="name"/> is not a valid import (or export) name; null when it is.</summary>
    public static string? Problem(string name, bool import)
    {
        if (Annotated(name, "[constructor]") is { } constructed)
        {
            return LabelProblem(constructed);
        }

        if ((Annotated(name, "[method]") ?? Annotated(name, "[static]")) is { } member)
        {
            int dot = member.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? $"`{name}`: failed to find `.` character" : LabelProblem(member[..dot]) ?? LabelProblem(member[(dot + 1)..]);
        }

        if (name.StartsWith('['))
        {
            return $"`{name}` has an unknown annotation";
        }

        foreach (var prefix in ImportOnlyPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return !import ? $"`{name}` is not a valid export name (dependency, URL and integrity names are import-only)"
                    : prefix == "url=" ? UrlProblem(name[prefix.Length..])
                    : prefix == "integrity=" ? Bracketed(name[prefix.Length..], out var hash, out var rest) ?? (rest.Length > 0 ? Trailing(rest) : IntegrityProblem(hash))
                    : DependencyProblem(name[prefix.Length..], locked: prefix == "locked-dep=");
            }
        }

        return name.Contains(':', StringComparison.Ordinal) ? InterfaceProblem(name) : LabelProblem(name);
    }

    /// <summary>Why a <c>versionsuffix</c> attribute does not fit <paramref name="name"/>: the name must end in a
    /// canonical version that, with the suffix appended, is a valid semver.</summary>
    public static string? VersionSuffixProblem(string name, string suffix)
    {
        int at = name.IndexOf('@', StringComparison.Ordinal);
        var version = at < 0 ? null : name[(at + 1)..];
        if (!name.Contains(':', StringComparison.Ordinal) || version is null || !IsCanonicalVersion(version))
        {
            return $"invalid interface version: a version suffix needs an interface name ending in a canonical version, not `{name}`";
        }

        return IsSemver(version + suffix) ? null : $"invalid interface version: `{version}` with suffix `{suffix}` is not a valid semver";
    }

    /// <summary>Why an <c>implements</c> attribute is misplaced: it names an interface and annotates an
    /// instance-typed import or export with a plain name.</summary>
    public static string? ImplementsProblem(string name, string implemented, bool isInstance) =>
        !isInstance ? $"`{name}`: only instances can have an `implements` attribute"
        : name.Contains(':', StringComparison.Ordinal) || name.StartsWith('[') ? $"name `{name}` is not valid with `implements` (it must be a plain name)"
        : !implemented.Contains(':', StringComparison.Ordinal) ? $"`implements` value `{implemented}` must be an interface name"
        : InterfaceProblem(implemented);

    /// <summary>Whether <paramref name="label"/> is kebab case: fragments of all-lowercase words or all-uppercase
    /// acronyms (digits anywhere but first) joined by single hyphens.</summary>
    public static bool IsLabel(string label)
    {
        var fragments = label.Split('-');
        for (var i = 0; i < fragments.Length; i++)
        {
            var fragment = fragments[i];
            if (fragment.Length == 0 || (i == 0 && !char.IsAsciiLetter(fragment[0])) || !fragment.All(char.IsAsciiLetterOrDigit)
                || (fragment.Any(char.IsAsciiLetterLower) && fragment.Any(char.IsAsciiLetterUpper)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The form two names are compared in for strong uniqueness: acronyms lowercased, <c>[method]r.r</c> and
    /// <c>[static]r.r</c> reduced to <c>r</c>, and annotations other than <c>[constructor]</c> stripped. Dependency,
    /// URL and integrity names are not labels (a base64 digest is case-sensitive) and compare as they are.</summary>
    public static string UniquenessKey(string name)
    {
        if (ImportOnlyPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return name;
        }

        var lowered = name.ToLowerInvariant();
        if ((Annotated(lowered, "[method]") ?? Annotated(lowered, "[static]")) is { } member)
        {
            int dot = member.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && member[..dot] == member[(dot + 1)..] ? member[..dot] : member;
        }

        return lowered;
    }

    /// <summary>For <c>[constructor]r</c>, <c>[method]r.f</c> and <c>[static]r.f</c>: the annotation (without
    /// brackets) and the resource name <c>r</c>; null for any other name.</summary>
    public static (string Annotation, string Resource)? ResourceAnnotation(string name)
    {
        if (Annotated(name, "[constructor]") is { } constructed)
        {
            return ("constructor", constructed);
        }

        var (annotation, member) = Annotated(name, "[method]") is { } method ? ("method", method) : ("static", Annotated(name, "[static]"));
        int dot = member?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot < 0 ? null : (annotation, member![..dot]);
    }

    private static string? Annotated(string name, string annotation) =>
        name.StartsWith(annotation, StringComparison.Ordinal) ? name[annotation.Length..] : null;

    private static string? LabelProblem(string label) => IsLabel(label) ? null : $"`{label}` is not in kebab case";

    private static string Trailing(string rest) => $"trailing characters found: `{rest}`";

    /// <summary>Splits <c>&lt;inside&gt;rest</c>.</summary>
    private static string? Bracketed(string text, out string inside, out string rest)
    {
        inside = rest = string.Empty;
        if (!text.StartsWith('<'))
        {
            return $"expected `<` at `{text}`";
        }

        int close = text.IndexOf('>', StringComparison.Ordinal);
        if (close < 0)
        {
            return "failed to find `>` character";
        }

        inside = text[1..close];
        rest = text[(close + 1)..];
        return null;
    }

    /// <summary><c>ns:pkg/iface@version</c>: lowercase namespace and package, a label projection, a semver.</summary>
    private static string? InterfaceProblem(string name)
    {
        int at = name.IndexOf('@', StringComparison.Ordinal);
        var path = at < 0 ? name : name[..at];
        if (PackagePathProblem(path, requireProjection: true) is { } problem)
        {
            return problem;
        }

        return at >= 0 && !IsInterfaceVersion(name[(at + 1)..]) ? $"`{name[(at + 1)..]}` is not a valid interface version" : null;
    }

    /// <summary><c>ns:pkg</c> with an optional <c>/iface</c> projection (one level: nested names are not supported).</summary>
    private static string? PackagePathProblem(string path, bool requireProjection)
    {
        int colon = path.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return $"expected `:` in package name `{path}`";
        }

        int slash = path.IndexOf('/', colon);
        var package = slash < 0 ? path[(colon + 1)..] : path[(colon + 1)..slash];
        var words = (string[])[path[..colon], package];
        foreach (var word in words)
        {
            if (word.Contains(':', StringComparison.Ordinal))
            {
                return $"trailing characters found: `{word[word.IndexOf(':', StringComparison.Ordinal)..]}`";
            }

            if (!IsLabel(word) || word.Any(char.IsAsciiLetterUpper))
            {
                return word.Length == 0 ? "empty identifier segment in package name" : $"`{word}` is not in kebab case or not lowercase in package name/namespace";
            }
        }

        if (slash < 0)
        {
            return requireProjection ? "expected `/` after package name" : null;
        }

        var projection = path[(slash + 1)..];
        return projection.Contains('/', StringComparison.Ordinal)
            ? Trailing(projection[projection.IndexOf('/', StringComparison.Ordinal)..])
            : LabelProblem(projection);
    }

    /// <summary><c>&lt;ns:pkg@version&gt;</c> (locked, optionally followed by an integrity name) or
    /// <c>&lt;ns:pkg@*&gt;</c> / <c>&lt;ns:pkg@{range}&gt;</c> (unlocked).</summary>
    private static string? DependencyProblem(string text, bool locked)
    {
        if (!text.StartsWith('<'))
        {
            return $"expected `<` at `{text}`";
        }

        int end = text.IndexOfAny(['@', '>']);
        if (end < 0)
        {
            return "failed to find `>` character";
        }

        if (PackagePathProblem(text[1..end], requireProjection: false) is { } pathProblem)
        {
            return pathProblem;
        }

        if (text[end] == '@')
        {
            var afterAt = text[(end + 1)..];
            int length = !locked && afterAt.StartsWith('{') ? afterAt.IndexOf('}', StringComparison.Ordinal) + 1 : afterAt.IndexOf('>', StringComparison.Ordinal);
            var version = length > 0 ? afterAt[..length] : afterAt;
            bool valid = length > 0 && (locked ? IsSemver(version) : version == "*" || (version.StartsWith('{') && IsVersionRange(version[1..^1])));
            if (!valid)
            {
                return $"`{version}` is not a valid {(locked ? "version" : "version range")}";
            }

            end += 1 + length;
        }

        if (end >= text.Length || text[end] != '>')
        {
            return $"expected `>` at `{text[end..]}`";
        }

        var rest = text[(end + 1)..];
        return locked ? OptionalIntegrity(rest) : rest.Length > 0 ? Trailing(rest) : null;
    }

    /// <summary><c>&gt;=v</c>, <c>&lt;v</c> or <c>&gt;=v &lt;w</c>.</summary>
    private static bool IsVersionRange(string range)
    {
        if (range.StartsWith('<'))
        {
            return IsSemver(range[1..]);
        }

        if (!range.StartsWith(">=", StringComparison.Ordinal))
        {
            return false;
        }

        var bounds = range[2..].Split(' ', 2);
        return IsSemver(bounds[0]) && (bounds.Length == 1 || (bounds[1].StartsWith('<') && IsSemver(bounds[1][1..])));
    }

    private static string? UrlProblem(string text)
    {
        if (Bracketed(text, out var url, out var rest) is { } problem)
        {
            return problem;
        }

        return url.Contains('<', StringComparison.Ordinal) ? "url cannot contain `<`" : OptionalIntegrity(rest);
    }

    private static string? OptionalIntegrity(string rest)
    {
        if (rest.Length == 0)
        {
            return null;
        }

        if (!rest.StartsWith(",integrity=", StringComparison.Ordinal))
        {
            return $"expected `,integrity=<` at `{rest}`";
        }

        return Bracketed(rest[",integrity=".Length..], out var hash, out var trailing) ?? (trailing.Length > 0 ? Trailing(trailing) : IntegrityProblem(hash));
    }

    /// <summary>Subresource-integrity metadata: space-separated <c>sha256|sha384|sha512-base64[?options]</c>.</summary>
    private static string? IntegrityProblem(string metadata)
    {
        var hashes = metadata.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (hashes.Length == 0)
        {
            return "integrity hash cannot be empty";
        }

        foreach (var hash in hashes)
        {
            var algorithm = hash.Length >= 6 ? hash[..6] : hash;
            if (algorithm is not ("sha256" or "sha384" or "sha512"))
            {
                return $"unrecognized hash algorithm: `{hash}`";
            }

            if (hash.Length == 6 || hash[6] != '-')
            {
                return $"expected `-` after hash algorithm: {hash}";
            }

            var digest = hash[7..].Split('?')[0];
            if (!IsBase64(digest))
            {
                return $"not valid base64: `{digest}`";
            }
        }

        return null;
    }

    /// <summary>Base64 digits with at most two trailing pads (the length is not checked, as wasm-tools does not).</summary>
    private static bool IsBase64(string text)
    {
        var unpadded = text.TrimEnd('=');
        return unpadded.Length > 0 && text.Length - unpadded.Length <= 2 && unpadded.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/');
    }

    /// <summary>A full semver, or a canonical version (<c>1</c>, <c>0.2</c>, <c>0.0.3</c>) whose rest is carried
    /// by the version-suffix attribute.</summary>
    private static bool IsInterfaceVersion(string version) => IsSemver(version) || IsCanonicalVersion(version);

    private static bool IsCanonicalVersion(string version)
    {
        var parts = version.Split('.');
        return parts.Length switch
        {
            1 => IsNumber(parts[0]) && parts[0] != "0",
            2 => parts[0] == "0" && IsNumber(parts[1]) && parts[1] != "0",
            3 => parts[0] == "0" && parts[1] == "0" && IsNumber(parts[2]),
            _ => false,
        };
    }

    /// <summary>Semantic Versioning 2.0: <c>MAJOR.MINOR.PATCH[-pre.release][+build]</c>, no leading zeros.</summary>
    private static bool IsSemver(string version)
    {
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0 && !Identifiers(version[(plus + 1)..], numericWithoutLeadingZero: false))
        {
            return false;
        }

        var core = plus >= 0 ? version[..plus] : version;
        int dash = core.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0 && !Identifiers(core[(dash + 1)..], numericWithoutLeadingZero: true))
        {
            return false;
        }

        var numbers = (dash >= 0 ? core[..dash] : core).Split('.');
        return numbers.Length == 3 && numbers.All(IsNumber);
    }

    private static bool Identifiers(string text, bool numericWithoutLeadingZero) =>
        text.Split('.').All(part => part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && (!numericWithoutLeadingZero || !part.All(char.IsAsciiDigit) || IsNumber(part)));

    private static bool IsNumber(string text) => text.Length > 0 && text.All(char.IsAsciiDigit) && (text == "0" || text[0] != '0');
}
