package dev.medsec.core.image;

/** What an entry of the image is. Only {@link #FILE} (and a resolved {@link #HARDLINK}) carries content. */
public enum EntryKind { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET, OTHER }
