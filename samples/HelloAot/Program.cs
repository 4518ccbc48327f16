using System;
using System.Runtime.InteropServices;

// Calls into the native library shipped beside it; both need a newer glibc than CentOS 8 has.
Console.WriteLine(NativeLibrary.TryLoad("libnewglibc.so", out _) ? "native library loaded" : "native library not found");
