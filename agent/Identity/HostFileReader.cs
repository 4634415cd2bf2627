using System.Text;

namespace KernelAgent.Agent.Identity;

/// <summary>Reads the small text files the identity comes from, turning I/O failures into identity problems.</summary>
internal static class HostFileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The whole file as strict UTF-8, or <c>null</c> when it does not exist. Reads at most
    /// <paramref name="maxBytes"/>: identity files are tiny, and /proc files report no size up front. Only a
    /// regular file is read: a FIFO, a device or a socket in its place is refused at once, never waited on.
    /// </summary>
    /// <exception cref="IdentityException">The file exists but cannot be read, is too large or is not UTF-8.</exception>
    public static string? ReadTextIfExists(HostRoot root, string relativePath, int maxBytes)
    {
        var display = root.Display(relativePath);
        try
        {
            using var stream = RegularFile.OpenRead(root.Resolve(relativePath));
            if (stream is null)
            {
                return null;
            }

            var bytes = ReadAtMost(stream, maxBytes + 1);
            if (bytes.Length > maxBytes)
            {
                throw Problem(display, $"is larger than {maxBytes} bytes; this is not the file the agent expects");
            }

            return StrictUtf8.GetString(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (NotARegularFileException e)
        {
            throw Problem(display, $"{e.Message}; identity files are read only from regular files", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Problem(display, $"cannot be read: permission denied ({e.Message})", e);
        }
        catch (DecoderFallbackException e)
        {
            throw Problem(display, $"is not valid UTF-8 ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw Problem(display, $"cannot be read: {e.Message}", e);
        }
    }

    private static byte[] ReadAtMost(FileStream stream, int limit)
    {
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        var total = 0;
        while (total < limit)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(limit, buffer.Length * 2));
            }

            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return buffer[..total];
    }

    private static IdentityException Problem(string display, string problem, Exception? inner = null) =>
        new(new IdentityProblem(display, null, problem), inner);
}
