package io.outpost.manage;

/** Answers one request line of the admin socket with one line of JSON. */
@FunctionalInterface
public interface AdminHandler {

    String answer(String request);
}
