using System.Runtime.InteropServices;

namespace PolicyDsl.Dsl.Files;

/// <summary>What a path names on disk, as far as reading it goes.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Folder,

    /// <summary>A named pipe: opening it for reading blocks until something writes to it.</summary>
    Fifo,

    /// <summary>A character or block device such as /dev/zero: reading it may never end.</summary>
    Device,
    Socket,
    Other,
}

/// <summary>
/// The two questions .NET's file API cannot answer on Linux: what kind of file a path names (it reports a FIFO or a
/// device as a normal file, and opening a FIFO blocks) and where a path really leads once every symbolic link in it
/// is followed. Both ask the C library; elsewhere they fall back to what .NET can tell.
/// </summary>
public static partial class FileSystemProbe
{
    /// <summary>The kind of file a path names, following symbolic links.</summary>
    public static FileKind Kind(string fullPath)
    {
        if (OperatingSystem.IsLinux() && NativeMethods.TryStatxMode(fullPath, out var mode, out var missing))
        {
            return missing ? FileKind.Missing : (mode & 0xF000) switch
            {
                0x8000 => FileKind.Regular,
                0x4000 => FileKind.Folder,
                0x1000 => FileKind.Fifo,
                0x2000 or 0x6000 => FileKind.Device,
                0xC000 => FileKind.Socket,
                _ => FileKind.Other,
            };
        }

        return File.Exists(fullPath) ? FileKind.Regular : Directory.Exists(fullPath) ? FileKind.Folder : FileKind.Missing;
    }

    /// <summary>How a kind of file is named in a diagnostic.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.Device => "a device",
        FileKind.Socket => "a socket",
        FileKind.Folder => "a folder",
        FileKind.Missing => "missing",
        _ => "not a regular file",
    };

    /// <summary>
    /// The path with every symbolic link resolved (the last component too), or null when some part of it does not
    /// exist or the links go round in a loop.
    /// </summary>
    public static string? RealPath(string fullPath)
    {
        if (!OperatingSystem.IsWindows() && NativeMethods.TryRealPath(fullPath, out var real))
        {
            return real;
        }

        try
        {
            if (!File.Exists(fullPath) && !Directory.Exists(fullPath))
            {
                return null;
            }

            FileSystemInfo info = Directory.Exists(fullPath) ? new DirectoryInfo(fullPath) : new FileInfo(fullPath);
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(fullPath);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static class NativeMethods
    {
        private const int AtCurrentFolder = -100;
        private const uint StatxType = 0x1;
        private const int NoSuchFile = 2;
        private const int NotAFolder = 20;

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Statx(int folder, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

        [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern IntPtr RealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

        [DllImport("libc", EntryPoint = "free")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern void Free(IntPtr pointer);

        /// <summary>statx(2): its struct has one layout on every Linux architecture; the mode is the 16 bits at offset 28.</summary>
        public static bool TryStatxMode(string path, out int mode, out bool missing)
        {
            mode = 0;
            missing = false;
            try
            {
                var buffer = new byte[256];
                if (Statx(AtCurrentFolder, path, 0, StatxType, buffer) != 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    missing = error is NoSuchFile or NotAFolder;
                    return missing;
                }

                mode = BitConverter.ToUInt16(buffer, 28);
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }

        public static bool TryRealPath(string path, out string? real)
        {
            real = null;
            try
            {
                var resolved = RealPath(path, IntPtr.Zero);
                if (resolved == IntPtr.Zero)
                {
                    return true;
                }

                real = Marshal.PtrToStringUTF8(resolved);
                Free(resolved);
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
    }
}
