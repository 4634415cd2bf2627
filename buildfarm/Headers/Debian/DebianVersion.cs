namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Orders Debian package versions as dpkg does (deb-version(7): epoch, then upstream version, then
/// revision; in each, non-digit runs compare with '~' before everything and letters before other
/// characters, digit runs compare numerically).
/// </summary>
internal static class DebianVersion
{
    public static int Compare(string left, string right)
    {
        var (leftEpoch, leftUpstream, leftRevision) = Split(left);
        var (rightEpoch, rightUpstream, rightRevision) = Split(right);
        var byEpoch = leftEpoch.CompareTo(rightEpoch);
        if (byEpoch != 0)
        {
            return byEpoch;
        }

        var byUpstream = CompareFragment(leftUpstream, rightUpstream);
        return byUpstream != 0 ? byUpstream : CompareFragment(leftRevision, rightRevision);
    }

    private static (long Epoch, string Upstream, string Revision) Split(string version)
    {
        var colon = version.IndexOf(':', StringComparison.Ordinal);
        var epoch = colon > 0 && long.TryParse(version.AsSpan(0, colon), out var parsed) ? parsed : 0;
        var rest = colon >= 0 ? version[(colon + 1)..] : version;
        var dash = rest.LastIndexOf('-');
        return dash >= 0 ? (epoch, rest[..dash], rest[(dash + 1)..]) : (epoch, rest, "");
    }

    private static int CompareFragment(string left, string right)
    {
        int i = 0, j = 0;
        while (i < left.Length || j < right.Length)
        {
            while ((i < left.Length && !char.IsAsciiDigit(left[i])) || (j < right.Length && !char.IsAsciiDigit(right[j])))
            {
                var leftOrder = Order(left, i);
                var rightOrder = Order(right, j);
                if (leftOrder != rightOrder)
                {
                    return leftOrder - rightOrder;
                }

                i++;
                j++;
            }

            while (i < left.Length && left[i] == '0')
            {
                i++;
            }

            while (j < right.Length && right[j] == '0')
            {
                j++;
            }

            var firstDifference = 0;
            while (i < left.Length && j < right.Length && char.IsAsciiDigit(left[i]) && char.IsAsciiDigit(right[j]))
            {
                if (firstDifference == 0)
                {
                    firstDifference = left[i] - right[j];
                }

                i++;
                j++;
            }

            if (i < left.Length && char.IsAsciiDigit(left[i]))
            {
                return 1;
            }

            if (j < right.Length && char.IsAsciiDigit(right[j]))
            {
                return -1;
            }

            if (firstDifference != 0)
            {
                return firstDifference;
            }
        }

        return 0;
    }

    // deb-version(7): '~' sorts before everything, even the end of the part; letters before non-letters.
    private static int Order(string text, int index)
    {
        if (index >= text.Length || char.IsAsciiDigit(text[index]))
        {
            return 0;
        }

        var c = text[index];
        return char.IsAsciiLetter(c) ? c : c == '~' ? -1 : c + 256;
    }
}
