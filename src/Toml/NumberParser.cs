using System;
using System.Globalization;

namespace WitSharp.Toml
{
    /// <summary>TOML 1.0 integers and floats from a scanned token, with the spec's underscore and leading-zero rules.</summary>
    internal static class NumberParser
    {
        public static bool TryParse(string token, out TomlValue value, out string problem)
        {
            value = null!;
            var sign = token[0] == '+' || token[0] == '-' ? token[0] : '\0';
            var body = sign == '\0' ? token : token.Substring(1);
            switch (body)
            {
                case "inf":
                    value = new TomlFloat(sign == '-' ? double.NegativeInfinity : double.PositiveInfinity);
                    problem = string.Empty;
                    return true;
                case "nan":
                    value = new TomlFloat(sign == '-' ? -double.NaN : double.NaN);
                    problem = string.Empty;
                    return true;
            }

            if (body.Length > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o' || body[1] == 'b'))
            {
                return TryParsePrefixed(token, sign, body, out value, out problem);
            }

            return TryParseDecimal(token, sign, body, out value, out problem);
        }

        private static bool TryParsePrefixed(string token, char sign, string body, out TomlValue value, out string problem)
        {
            value = null!;
            var radix = body[1] == 'x' ? 16 : body[1] == 'o' ? 8 : 2;
            var name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary";
            if (sign != '\0')
            {
                problem = $"invalid integer '{token}': a {name} integer cannot have a sign";
                return false;
            }

            var digits = body.Substring(2);
            if (!CheckDigitRun(digits, radix, token, out problem))
            {
                return false;
            }

            ulong result = 0;
            foreach (var c in digits)
            {
                if (c == '_')
                {
                    continue;
                }

                var digit = DigitValue(c);
                if (result > (ulong)long.MaxValue / (ulong)radix)
                {
                    problem = $"integer '{token}' is out of the 64-bit signed range";
                    return false;
                }

                result = (result * (ulong)radix) + (ulong)digit;
                if (result > long.MaxValue)
                {
                    problem = $"integer '{token}' is out of the 64-bit signed range";
                    return false;
                }
            }

            value = new TomlInteger((long)result);
            return true;
        }

        private static bool TryParseDecimal(string token, char sign, string body, out TomlValue value, out string problem)
        {
            value = null!;
            var end = body.IndexOfAny(new[] { '.', 'e', 'E' });
            var integerPart = end < 0 ? body : body.Substring(0, end);
            if (integerPart.Length == 0)
            {
                problem = end >= 0
                    ? $"invalid number '{token}': expected a digit before '{body[end]}'"
                    : $"invalid number '{token}': expected digits after the sign";
                return false;
            }

            if (!CheckDigitRun(integerPart, 10, token, out problem))
            {
                return false;
            }

            if (integerPart.Length > 1 && integerPart[0] == '0')
            {
                problem = $"invalid number '{token}': leading zeros are not allowed";
                return false;
            }

            if (end < 0)
            {
                return TryMakeInteger(token, sign, integerPart, out value, out problem);
            }

            var rest = body.Substring(end);
            if (rest[0] == '.')
            {
                var fractionEnd = rest.IndexOfAny(new[] { 'e', 'E' });
                var fraction = fractionEnd < 0 ? rest.Substring(1) : rest.Substring(1, fractionEnd - 1);
                if (fraction.Length == 0)
                {
                    problem = $"invalid float '{token}': expected digits after the decimal point";
                    return false;
                }

                if (!CheckDigitRun(fraction, 10, token, out problem))
                {
                    return false;
                }

                rest = fractionEnd < 0 ? string.Empty : rest.Substring(fractionEnd);
            }

            if (rest.Length > 0)
            {
                var exponent = rest.Substring(1);
                if (exponent.Length > 0 && (exponent[0] == '+' || exponent[0] == '-'))
                {
                    exponent = exponent.Substring(1);
                }

                if (exponent.Length == 0)
                {
                    problem = $"invalid float '{token}': expected digits in the exponent";
                    return false;
                }

                if (!CheckDigitRun(exponent, 10, token, out problem))
                {
                    return false;
                }
            }

            var text = token.Replace("_", string.Empty);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                problem = $"invalid float '{token}'";
                return false;
            }

            value = new TomlFloat(number);
            problem = string.Empty;
            return true;
        }

        private static bool TryMakeInteger(string token, char sign, string digits, out TomlValue value, out string problem)
        {
            value = null!;
            ulong magnitude = 0;
            foreach (var c in digits)
            {
                if (c == '_')
                {
                    continue;
                }

                if (magnitude > ulong.MaxValue / 10)
                {
                    problem = $"integer '{token}' is out of the 64-bit signed range";
                    return false;
                }

                magnitude = (magnitude * 10) + (ulong)(c - '0');
                if (magnitude > (ulong)long.MaxValue + 1)
                {
                    problem = $"integer '{token}' is out of the 64-bit signed range";
                    return false;
                }
            }

            if (sign == '-')
            {
                value = new TomlInteger(magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude);
            }
            else if (magnitude > long.MaxValue)
            {
                problem = $"integer '{token}' is out of the 64-bit signed range";
                return false;
            }
            else
            {
                value = new TomlInteger((long)magnitude);
            }

            problem = string.Empty;
            return true;
        }

        /// <summary>Digits of <paramref name="radix"/>, each underscore between two digits.</summary>
        private static bool CheckDigitRun(string run, int radix, string token, out string problem)
        {
            if (run.Length == 0)
            {
                problem = $"invalid number '{token}': expected digits";
                return false;
            }

            for (var i = 0; i < run.Length; i++)
            {
                var c = run[i];
                if (c == '_')
                {
                    if (i == 0 || i == run.Length - 1 || run[i + 1] == '_')
                    {
                        problem = $"invalid number '{token}': an underscore must be between two digits";
                        return false;
                    }

                    continue;
                }

                var digit = DigitValue(c);
                if (digit < 0 || digit >= radix)
                {
                    problem = Invalid(token, run, radix);
                    return false;
                }
            }

            problem = string.Empty;
            return true;
        }

        private static string Invalid(string token, string run, int radix)
        {
            foreach (var c in run)
            {
                var digit = DigitValue(c);
                if (c != '_' && (digit < 0 || digit >= radix))
                {
                    return radix == 10 && !char.IsDigit(c)
                        ? $"invalid value '{token}': unexpected '{c}' (strings need quotes)"
                        : $"invalid number '{token}': '{c}' is not a base-{radix} digit";
                }
            }

            return $"invalid number '{token}'";
        }

        private static int DigitValue(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
