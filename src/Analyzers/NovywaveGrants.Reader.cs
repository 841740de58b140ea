using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using WitSharp.HostRuntime.Capabilities;
using WitSharp.Toml;

namespace WitSharp.Analyzers
{
    internal sealed partial class NovywaveGrants
    {
        /// <summary>Reads the grants of one <c>.novywave</c> file with WitSharp.Toml; never throws on bad input.</summary>
        public static NovywaveGrants Read(AdditionalText file, CancellationToken cancellationToken)
        {
            var grants = new List<NovywaveGrant>();
            var problems = new List<NovywaveProblem>();
            SourceText? text = file.GetText(cancellationToken);
            if (text == null)
            {
                problems.Add(new NovywaveProblem("the file could not be read", Location.None));
                return new NovywaveGrants(grants, problems);
            }
            var locator = new Locator(file.Path, text);

            TomlDocument document;
            try
            {
                document = TomlDocument.Parse(text.ToString(), file.Path);
            }
            catch (TomlException e)
            {
                problems.Add(new NovywaveProblem(e.Reason, locator.At(e.Line, e.Column)));
                return new NovywaveGrants(grants, problems);
            }

            if (!(document.Root.TryGetValue(PluginsKey, out TomlValue? plugins) && plugins is TomlTable pluginsTable)
                || !(pluginsTable.TryGetValue(EntriesKey, out TomlValue? entries) && entries is TomlArray entryArray))
                return new NovywaveGrants(grants, problems);
            for (int i = 0; i < entryArray.Count; i++)
            {
                if (!(entryArray[i] is TomlTable entry))
                {
                    problems.Add(new NovywaveProblem($"'{PluginsKey}.{EntriesKey}' must hold tables", locator.At(entryArray[i])));
                    continue;
                }
                string pluginId = entry.TryGetValue(IdKey, out TomlValue? id) && id is TomlString idString
                    ? idString.Value
                    : $"{PluginsKey}.{EntriesKey}[{i}]";
                if (!entry.TryGetValue(CapabilitiesKey, out TomlValue? capabilities))
                    continue;
                if (!(capabilities is TomlTable table))
                {
                    problems.Add(new NovywaveProblem($"'{CapabilitiesKey}' of plugin '{pluginId}' must be a table", locator.At(capabilities)));
                    continue;
                }
                ReadNames(table, ImportsKey, "", pluginId, grants, problems, locator);
                ReadNames(table, WasiKey, "", pluginId, grants, problems, locator);
                ReadNames(table, RelayChannelsKey, CapabilityNames.RelayChannelPrefix, pluginId, grants, problems, locator);
            }
            return new NovywaveGrants(grants, problems);
        }

        private static void ReadNames(TomlTable capabilities, string key, string prefix, string pluginId,
            List<NovywaveGrant> grants, List<NovywaveProblem> problems, Locator locator)
        {
            if (!capabilities.TryGetValue(key, out TomlValue? node))
                return;
            if (!(node is TomlArray array))
            {
                problems.Add(new NovywaveProblem($"'{CapabilitiesKey}.{key}' of plugin '{pluginId}' must be an array of strings", locator.At(node)));
                return;
            }
            foreach (TomlValue item in array)
            {
                if (item is TomlString name)
                    grants.Add(new NovywaveGrant(pluginId, prefix + name.Value, locator.At(item)));
                else
                    problems.Add(new NovywaveProblem($"'{CapabilitiesKey}.{key}' of plugin '{pluginId}' must hold only strings", locator.At(item)));
            }
        }

        /// <summary>Turns TOML line/column positions into Roslyn locations in the AdditionalFile.</summary>
        private sealed class Locator
        {
            private readonly string _path;
            private readonly SourceText _text;

            public Locator(string path, SourceText text)
            {
                _path = path;
                _text = text;
            }

            public Location At(TomlValue value) =>
                value.Position is TomlPosition position ? At(position.Line, position.Column, value is TomlString) : Location.None;

            public Location At(int line, int column, bool quoted = false)
            {
                if (line < 1 || line > _text.Lines.Count)
                    return Location.Create(_path, new TextSpan(_text.Length, 0), _text.Lines.GetLinePositionSpan(new TextSpan(_text.Length, 0)));
                TextLine textLine = _text.Lines[line - 1];
                int start = System.Math.Min(textLine.Start + column - 1, textLine.End);
                var span = new TextSpan(start, quoted ? QuotedLength(start, textLine.End) : 0);
                return Location.Create(_path, span, _text.Lines.GetLinePositionSpan(span));
            }

            /// <summary>Length of a one-line string literal starting at <paramref name="start"/> (to its closing quote), or 0.</summary>
            private int QuotedLength(int start, int lineEnd)
            {
                if (start >= lineEnd)
                    return 0;
                char quote = _text[start];
                for (int i = start + 1; i < lineEnd; i++)
                {
                    if (quote == '"' && _text[i] == '\\')
                        i++;
                    else if (_text[i] == quote)
                        return i - start + 1;
                }
                return 0;
            }
        }
    }
}
